import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { formToken as signedOutFormToken, type CookieNames } from '../../lib/auth.js'
import type { Locale } from '../../lib/i18n.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { refusalOf, type FormProblem, type HttpError } from '../../lib/errors.js'
import { formProblems, LinkExpiredPage, SetupDonePage, SetupPage, SignInPage } from './accounts.views.js'
import { startSession, stopSession } from './session.http.js'
import { endAllSessions } from './sessions.js'
import { checkNewPasswordForm } from './new-password-form.js'
import { completeSetup, openSetupLink, setupAccount } from './setup.service.js'
import { retryAfterOf, signIn } from './sign-in.service.js'
import { totpQrDataUrl } from './totp.js'

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const SignInForm = Type.Object({ email: text(254), password: text(1024), code: text(32), next: text(2000), _csrf: text(200) })
const SetupForm = Type.Object({ password: text(1024), confirm: text(1024), code: text(32), username: text(254), _csrf: text(200) })
const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) })

type SignInForm = { email?: string; password?: string; code?: string; next?: string }
type SetupForm = { password?: string; confirm?: string; code?: string }

export function registerAccountPages(app: FastifyInstance, deps: AppDeps, names: CookieNames): void {
  const ctxFor = (locale: Locale, path: string) => pageContext(locale, path, deps.assets, deps.config.publicUrl)
  const formToken = (request: FastifyRequest, reply: FastifyReply) => signedOutFormToken(request, reply, names)

  for (const { locale, url } of localizedRoutes('/sign-in')) {
    const ctx = () => ctxFor(locale, '/sign-in')
    app.get<{ Querystring: { next?: string } }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, querystring: Type.Object({ next: text(2000) }) } },
      (request, reply) =>
        sendPrivatePage(
          reply,
          200,
          h(SignInPage, { ctx: ctx(), csrf: formToken(request, reply), email: '', next: safeNext(request.query.next), problems: [] }),
        ),
    )
    app.post<{ Body: SignInForm }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, body: SignInForm } },
      async (request, reply) => {
        const { email = '', password = '', code = '' } = request.body
        const next = safeNext(request.body.next)
        let userId: number
        try {
          userId = await signIn(deps.db, { email, password, code }, { now: deps.clock(), ip: request.ip })
        } catch (error) {
          const problem = refusalOf(error)
          if (!problem) throw error
          const wait = retryAfterOf(error)
          if (wait !== null) reply.header('Retry-After', String(wait))
          return sendPrivatePage(
            reply,
            (error as HttpError).statusCode,
            h(SignInPage, { ctx: ctx(), csrf: formToken(request, reply), email, next, problems: [problem] }),
          )
        }
        await startSession(deps, names, request, reply, userId)
        return reply.redirect(next || href({ locale }, '/account'), 303)
      },
    )
  }

  for (const { locale, url } of localizedRoutes('/sign-out')) {
    app.post(url, { config: { policy: 'account:use' }, schema: { hide: true } }, async (request, reply) => {
      await stopSession(deps, names, request, reply)
      return reply.redirect(href({ locale }, '/'), 303)
    })
  }

  for (const { locale, url } of localizedRoutes('/account')) {
    app.post(`${url}/sign-out-everywhere`, { config: { policy: 'account:use' }, schema: { hide: true } }, async (request, reply) => {
      await endAllSessions(deps.db, request.user!.id)
      await stopSession(deps, names, request, reply)
      return reply.redirect(href({ locale }, '/sign-in'), 303)
    })

    const setupPath = (token: string) => `/account/setup/${token}`
    app.get<{ Params: { token: string } }>(
      `${url}/setup/:token`,
      { config: { policy: 'public' }, schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const ctx = ctxFor(locale, setupPath(request.params.token))
        const target = await openSetupLink(deps.db, request.params.token, deps.clock())
        if (!target) return sendPrivatePage(reply, 410, h(LinkExpiredPage, { ctx }))
        const csrf = formToken(request, reply)
        return sendPrivatePage(
          reply,
          200,
          h(SetupPage, { ctx, csrf, action: href(ctx, setupPath(request.params.token)), model: await setupModel(target, []) }),
        )
      },
    )
    app.post<{ Params: { token: string }; Body: SetupForm }>(
      `${url}/setup/:token`,
      { config: { policy: 'public' }, schema: { hide: true, params: TokenParams, body: SetupForm } },
      async (request, reply) => {
        const { token } = request.params
        const ctx: PageContext = ctxFor(locale, setupPath(token))
        const target = await openSetupLink(deps.db, token, deps.clock())
        if (!target) return sendPrivatePage(reply, 410, h(LinkExpiredPage, { ctx }))
        const { password = '', confirm = '', code = '' } = request.body
        const now = deps.clock()
        const refuse = async (problems: FormProblem[]) => {
          const csrf = formToken(request, reply)
          return sendPrivatePage(
            reply,
            422,
            h(SetupPage, { ctx, csrf, action: href(ctx, setupPath(token)), model: await setupModel(target, problems) }),
          )
        }
        const checked = await checkNewPasswordForm({ password, confirm, code }, setupAccount(target), now)
        if (!checked.ok) return refuse(formProblems(checked.problems))
        let codes: string[]
        try {
          codes = await completeSetup(deps.db, token, target, { password, step: checked.step }, { now, ip: request.ip })
        } catch (error) {
          const problem = refusalOf(error)
          if (!problem) throw error
          return refuse([problem])
        }
        await startSession(deps, names, request, reply, target.userId)
        return sendPrivatePage(reply, 200, h(SetupDonePage, { ctx: ctxFor(locale, '/account'), codes }))
      },
    )
  }
}

async function setupModel(target: Awaited<ReturnType<typeof openSetupLink>> & object, problems: FormProblem[]) {
  const totp =
    target.twoFactor && target.totpSecret ? { secret: target.totpSecret, qr: await totpQrDataUrl(target.totpSecret, target.email) } : null
  return { displayName: target.displayName, email: target.email, totp, problems }
}

/** Only a path on this site: never another host ('//evil', '/\\evil', 'https:…'). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return ''
  return next
}
