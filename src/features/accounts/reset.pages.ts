import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { formToken as signedOutFormToken, type CookieNames } from '../../lib/auth.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { refusalOf, type FormProblem } from '../../lib/errors.js'
import { formProblems } from './accounts.views.js'
import { checkNewPasswordForm } from './new-password-form.js'
import { ResetPage, ResetRequestPage } from './reset.views.js'
import { completeReset, openResetLink, requestReset, resetAccount } from './reset.service.js'

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const TokenParams = Type.Object({ token: Type.String({ minLength: 20, maxLength: 100 }) })

/** /account/reset: ask for a link; /account/reset/:token: choose the new password. */
export function registerResetPages(app: FastifyInstance, deps: AppDeps, names: CookieNames): void {
  const formToken = (request: FastifyRequest, reply: FastifyReply) => signedOutFormToken(request, reply, names)

  for (const { locale, url } of localizedRoutes('/account/reset')) {
    const ctx = (path: string) => pageContext(locale, path, deps.assets, deps.config.publicUrl)
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
      sendPrivatePage(reply, 200, h(ResetRequestPage, { ctx: ctx('/account/reset'), csrf: formToken(request, reply), sentTo: null })),
    )
    app.post<{ Body: { email?: string } }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, body: Type.Object({ email: text(254), _csrf: text(200) }) } },
      async (request, reply) => {
        const email = (request.body.email ?? '').trim()
        await requestReset(deps.db, email, {
          now: deps.clock(),
          ip: request.ip,
          linkFor: (token) => `${deps.config.publicUrl}${href({ locale }, `/account/reset/${token}`)}`,
        })
        // The same page whether or not the address has an account.
        return sendPrivatePage(reply, 200, h(ResetRequestPage, { ctx: ctx('/account/reset'), csrf: '', sentTo: email }))
      },
    )

    const path = (token: string) => `/account/reset/${token}`
    app.get<{ Params: { token: string } }>(
      `${url}/:token`,
      { config: { policy: 'public' }, schema: { hide: true, params: TokenParams } },
      async (request, reply) => {
        const c = ctx(path(request.params.token))
        const target = await openResetLink(deps.db, request.params.token, deps.clock())
        if (!target)
          return sendPrivatePage(reply, 410, h(ResetRequestPage, { ctx: c, csrf: formToken(request, reply), sentTo: null, expired: true }))
        const props = {
          ctx: c,
          csrf: formToken(request, reply),
          action: href(c, path(request.params.token)),
          email: target.email,
          twoFactor: Boolean(target.totpSecret),
          problems: [],
          done: false,
        }
        return sendPrivatePage(reply, 200, h(ResetPage, props))
      },
    )
    app.post<{ Params: { token: string }; Body: { password?: string; confirm?: string; code?: string } }>(
      `${url}/:token`,
      {
        config: { policy: 'public' },
        schema: {
          hide: true,
          params: TokenParams,
          body: Type.Object({ password: text(1024), confirm: text(1024), code: text(32), username: text(254), _csrf: text(200) }),
        },
      },
      async (request, reply) => {
        const { token } = request.params
        const c = ctx(path(token))
        const target = await openResetLink(deps.db, token, deps.clock())
        if (!target)
          return sendPrivatePage(reply, 410, h(ResetRequestPage, { ctx: c, csrf: formToken(request, reply), sentTo: null, expired: true }))
        const { password = '', confirm = '', code = '' } = request.body
        const now = deps.clock()
        const base = {
          ctx: c,
          csrf: formToken(request, reply),
          action: href(c, path(token)),
          email: target.email,
          twoFactor: Boolean(target.totpSecret),
        }
        const refuse = (problems: FormProblem[]) => sendPrivatePage(reply, 422, h(ResetPage, { ...base, problems, done: false }))
        const checked = await checkNewPasswordForm({ password, confirm, code }, resetAccount(target), now)
        if (!checked.ok) return refuse(formProblems(checked.problems))
        try {
          await completeReset(deps.db, token, target, { password, step: checked.step }, { now, ip: request.ip })
        } catch (error) {
          const problem = refusalOf(error)
          if (!problem) throw error
          return refuse([problem])
        }
        return sendPrivatePage(reply, 200, h(ResetPage, { ...base, problems: [], done: true }))
      },
    )
  }
}
