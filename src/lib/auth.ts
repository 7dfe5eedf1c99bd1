import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../app-deps.js'
import { findSession, type SessionRecord } from '../features/accounts/sessions.js'
import { loadUser } from '../features/accounts/users.queries.js'
import { newToken, sameSecret, sha256 } from '../features/accounts/secrets.js'
import { forbidden, HttpError, unauthorized } from './errors.js'
import { localeOfUrl, localePrefix } from './i18n.js'
import { can, type CurrentUser, type Policy } from './policies.js'

/**
 * Who is asking, and may they: the one place requests are authenticated (session cookie or
 * personal API token), every route's declared policy is enforced, and CSRF tokens are checked.
 * A route registered without `config.policy` stops the app from starting.
 */
declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null
    session: SessionRecord | null
    /** How the user was authenticated: a browser session, or a personal API token. */
    via: 'session' | 'token' | null
  }
  interface FastifyContextConfig {
    policy?: Policy
    /** false only where a capability in the URL is the protection and no cookie is sent (one-click unsubscribe). */
    csrf?: false
  }
  interface FastifyInstance {
    /** Every route with its policy, for the authorization matrix test. */
    routeTable: { method: string; url: string; policy: Policy }[]
  }
}

export interface CookieNames {
  session: string
  csrf: string
  secure: boolean
}

export function cookieNames(publicUrl: string): CookieNames {
  const secure = publicUrl.startsWith('https:')
  // __Host- cookies are only accepted over HTTPS, for this exact host, on path /.
  return { session: secure ? '__Host-cm_session' : 'cm_session', csrf: secure ? '__Host-cm_csrf' : 'cm_csrf', secure }
}

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export async function registerAuth(app: FastifyInstance, deps: AppDeps): Promise<CookieNames> {
  const names = cookieNames(deps.config.publicUrl)
  await app.register(cookie)
  app.decorateRequest('user', null)
  app.decorateRequest('session', null)
  app.decorateRequest('via', null)

  app.decorate('routeTable', [] as FastifyInstance['routeTable'])
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD') return
    const policy = route.config?.policy
    if (!policy) throw new Error(`Route ${String(route.method)} ${route.url} has no policy: add config: { policy } (lib/policies.ts)`)
    for (const method of [route.method].flat()) app.routeTable.push({ method, url: route.url, policy })
  })

  app.addHook('onRequest', async (request) => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? '')?.[1]
    if (bearer) await authenticateToken(deps, request, bearer)
  })

  // Before schema validation: a signed-out or unauthorised caller learns nothing from the schema's answers.
  app.addHook('preValidation', async (request, reply) => {
    const policy = request.routeOptions.config.policy ?? 'public'
    // Public reads never look at the session: a signed-in reader's page view costs no query.
    if (!request.user && (policy !== 'public' || UNSAFE.has(request.method))) await resumeSession(deps, request, names)
    if (policy !== 'public' && !request.user) return refuseAnonymous(request, reply)
    if (UNSAFE.has(request.method) && request.routeOptions.config.csrf !== false) checkCsrf(request, names)
    if (policy !== 'public' && !can(request.user, policy)) throw forbidden()
  })
  return names
}

async function resumeSession(deps: AppDeps, request: FastifyRequest, names: CookieNames): Promise<void> {
  const token = request.cookies[names.session]
  if (!token) return
  const session = await findSession(deps.db, token, deps.clock())
  const user = session && (await loadUser(deps.db, session.userId))
  if (!session || !user) return
  request.session = session
  request.user = user
  request.via = 'session'
}

async function authenticateToken(deps: AppDeps, request: FastifyRequest, token: string): Promise<void> {
  const row = await deps.db
    .selectFrom('api_tokens')
    .select(['id', 'user_id', 'roles', 'last_used_at'])
    .where('token_hash', '=', sha256(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  const user = row && (await loadUser(deps.db, row.user_id))
  if (!row || !user) throw unauthorized('This API token is not valid: it may have been revoked.')
  // A token acts with the roles it was given that its owner still holds.
  request.user = { ...user, roles: user.roles.filter((role) => row.roles.includes(role)) }
  request.via = 'token'
  // Written at most once a minute, not on every request.
  const now = deps.clock()
  if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000)
    await deps.db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute()
}

/**
 * Signed-in requests must echo their session's token (form field `_csrf` or header
 * `X-CSRF-Token`); signed-out forms echo the `cm_csrf` cookie (double submit). API tokens are
 * not sent by browsers on their own, so token requests need neither.
 */
function checkCsrf(request: FastifyRequest, names: CookieNames): void {
  if (request.via === 'token') return
  const body = request.body as Record<string, unknown> | undefined
  const sent = String(request.headers['x-csrf-token'] ?? (typeof body?._csrf === 'string' ? body._csrf : ''))
  const expected = request.session ? request.session.csrfToken : request.cookies[names.csrf]
  if (request.session || !isJsonApi(request)) {
    if (!expected || !sent || !sameSecret(sent, expected))
      throw new HttpError(403, 'csrf', 'This form has expired or did not come from this site. Reload the page and try again.')
  }
}

/** Signed-out JSON calls cannot be forged by another site's form: it cannot send JSON without a CORS preflight. */
function isJsonApi(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/') && /^application\/json\b/.test(String(request.headers['content-type'] ?? ''))
}

function refuseAnonymous(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (request.url.startsWith('/api/')) throw unauthorized()
  const locale = localeOfUrl(request.url)
  return reply.redirect(`${localePrefix(locale)}/sign-in?next=${encodeURIComponent(request.url)}`, 303)
}

/** The value signed-out forms echo: the cm_csrf cookie, set on first use (double submit). */
export function formToken(request: FastifyRequest, reply: FastifyReply, names: CookieNames): string {
  const existing = request.cookies[names.csrf]
  if (existing) return existing
  const token = newToken()
  reply.setCookie(names.csrf, token, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'strict' })
  return token
}
