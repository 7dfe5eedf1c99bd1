import cookie from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { forbidden, HttpError, unauthorized } from './errors.js'
import { localeOfUrl, localePrefix } from './i18n.js'
import { can, type CurrentUser, type Policy } from './policies.js'
import { newToken, sameSecret } from './secrets.js'

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

export interface SessionRecord {
  idHash: string
  userId: number
  csrfToken: string
}

/**
 * Who a credential belongs to. The accounts feature owns sessions, users and API tokens and
 * provides this (features/accounts/identity.ts); lib/ knows no feature.
 */
export interface Identity {
  /** The live session behind a session cookie's value and its user, or null. */
  resumeSession(token: string): Promise<{ session: SessionRecord; user: CurrentUser } | null>
  /** The user a personal API token acts as (with the token's roles only), or null when it is not valid. */
  apiTokenUser(token: string): Promise<CurrentUser | null>
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

export async function registerAuth(app: FastifyInstance, publicUrl: string, identity: Identity): Promise<CookieNames> {
  const names = cookieNames(publicUrl)
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
    if (bearer) await authenticateToken(identity, request, bearer)
  })

  // Before schema validation: a signed-out or unauthorised caller learns nothing from the schema's answers.
  app.addHook('preValidation', async (request, reply) => {
    const policy = request.routeOptions.config.policy ?? 'public'
    // Public reads never look at the session: a signed-in reader's page view costs no query.
    if (!request.user && (policy !== 'public' || UNSAFE.has(request.method))) await resumeSession(identity, request, names)
    if (policy !== 'public' && !request.user) return refuseAnonymous(request, reply)
    if (UNSAFE.has(request.method) && request.routeOptions.config.csrf !== false) checkCsrf(request, names)
    if (policy !== 'public' && !can(request.user, policy)) throw forbidden()
  })
  return names
}

async function resumeSession(identity: Identity, request: FastifyRequest, names: CookieNames): Promise<void> {
  const token = request.cookies[names.session]
  const resumed = token ? await identity.resumeSession(token) : null
  if (!resumed) return
  request.session = resumed.session
  request.user = resumed.user
  request.via = 'session'
}

async function authenticateToken(identity: Identity, request: FastifyRequest, token: string): Promise<void> {
  const user = await identity.apiTokenUser(token)
  if (!user) throw unauthorized('This API token is not valid: it may have been revoked.')
  request.user = user
  request.via = 'token'
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

/**
 * The CSRF value a public form must carry. Public GETs do not look at the session, but a
 * signed-in person's POST is checked against the session's token, not the signed-out cookie: so
 * the form page looks the session up itself, and also offers the person's address.
 */
export async function publicFormToken(
  identity: Identity,
  names: CookieNames,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ csrf: string; email: string | null }> {
  if (request.session) return { csrf: request.session.csrfToken, email: request.user?.email ?? null }
  const cookie = request.cookies[names.session]
  const resumed = cookie ? await identity.resumeSession(cookie) : null
  if (resumed) return { csrf: resumed.session.csrfToken, email: resumed.user.email }
  return { csrf: formToken(request, reply, names), email: null }
}

/** The value signed-out forms echo: the cm_csrf cookie, set on first use (double submit). */
export function formToken(request: FastifyRequest, reply: FastifyReply, names: CookieNames): string {
  const existing = request.cookies[names.csrf]
  if (existing) return existing
  const token = newToken()
  reply.setCookie(names.csrf, token, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'strict' })
  return token
}
