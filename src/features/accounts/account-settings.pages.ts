import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { withActor } from '../../db/audit.js'
import type { Role } from '../../db/schema.js'
import type { CookieNames } from '../../lib/auth.js'
import { translator, type MessageKey } from '../../lib/i18n.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listSessions, listTokens } from './account-settings.queries.js'
import { AccountSettings } from './account-settings.views.js'
import type { FormProblem } from '../../lib/errors.js'
import { AccountPage, formProblems } from './accounts.views.js'
import { hashPassword, verifyPassword } from './password.js'
import { newPasswordProblems } from './new-password-form.js'
import { newToken, sha256 } from '../../lib/secrets.js'
import { totpQrDataUrl } from './totp.js'
import { registerTwoFactorRoutes, type AccountExtras } from './two-factor.pages.js'
import { twoFactorState } from './two-factor.service.js'
import { startSession } from './session.http.js'
import { endAllSessions } from './sessions.js'

const NOTICES: Record<string, MessageKey> = { password: 'account.passwordChanged' }

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }))
const many = Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Array(Type.String({ maxLength: 20 }), { maxItems: 10 })]))

/** The account page: sessions (end one), API tokens (create, shown once; revoke), the password. */
export function registerAccountSettings(app: FastifyInstance, deps: AppDeps, names: CookieNames): void {
  for (const { locale, url } of localizedRoutes('/account')) {
    const show = async (request: FastifyRequest, reply: FastifyReply, status: number, extra: AccountExtras = {}) => {
      const user = request.user!
      const ctx = pageContext(locale, '/account', deps.assets, deps.config.publicUrl)
      const csrf = request.session?.csrfToken ?? ''
      const [sessions, tokens, state] = await Promise.all([
        listSessions(deps.db, user.id, request.session?.idHash ?? null),
        listTokens(deps.db, user.id),
        twoFactorState(deps.db, user.id),
      ])
      const pending = state.pending ? { secret: state.pending, qr: await totpQrDataUrl(state.pending, user.email) } : null
      const settings = h(AccountSettings, {
        ctx,
        csrf,
        roles: user.roles,
        sessions,
        tokens,
        newToken: extra.newToken ?? null,
        twoFactor: { enrolled: state.enrolled, codesLeft: state.codesLeft, pending, newCodes: extra.newCodes ?? null },
        problems: extra.problems ?? [],
        typedToken: extra.typedToken ?? { name: '', roles: [] },
      })
      const page = h(AccountPage, { ctx, user, csrf, notice: extra.notice ?? null, children: settings })
      return sendPrivatePage(reply, status, page)
    }
    const back = (reply: FastifyReply, query = '') => reply.redirect(`${href({ locale }, '/account')}${query}`, 303)
    const options = (body?: ReturnType<typeof Type.Object>) => ({
      config: { policy: 'account:use' as const },
      schema: { hide: true, ...(body ? { body } : {}) },
    })

    app.get<{ Querystring: { changed?: string } }>(
      url,
      { config: { policy: 'account:use' }, schema: { hide: true, querystring: Type.Object({ changed: text(20) }) } },
      (request, reply) =>
        show(request, reply, 200, {
          notice: NOTICES[request.query.changed ?? ''] ? translator(locale)(NOTICES[request.query.changed!]!) : null,
        }),
    )

    app.post<{ Body: { name?: string; roles?: string | string[] } }>(
      `${url}/tokens`,
      options(Type.Object({ name: text(200), roles: many, _csrf: text(200) })),
      async (request, reply) => {
        const user = request.user!
        const name = (request.body.name ?? '').trim()
        const asked = [request.body.roles ?? []].flat()
        const roles = asked.filter((r): r is Role => user.roles.includes(r as Role))
        const problems: FormProblem[] = []
        if (!name || name.length > 100) problems.push({ field: 'tokenName', message: 'account.tokenNameMissing' })
        if (roles.length === 0 || roles.length !== asked.length)
          problems.push({ field: 'tokenRoles', message: 'account.tokenRolesMissing' })
        if (problems.length > 0) return show(request, reply, 422, { problems, typedToken: { name: request.body.name ?? '', roles: asked } })
        const token = `cm_${newToken()}`
        await withActor(deps.db, { name: `user:${user.id}`, ip: request.ip }, (trx) =>
          trx
            .insertInto('api_tokens')
            .values({ user_id: user.id, name, token_hash: sha256(token), roles })
            .execute(),
        )
        return show(request, reply, 200, { newToken: token })
      },
    )

    app.post<{ Params: { id: string } }>(
      `${url}/tokens/:id/revoke`,
      { ...options(), schema: { hide: true, params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }) } },
      async (request, reply) => {
        const user = request.user!
        await withActor(deps.db, { name: `user:${user.id}`, ip: request.ip }, (trx) =>
          trx
            .updateTable('api_tokens')
            .set({ revoked_at: deps.clock() })
            .where('id', '=', Number(request.params.id))
            .where('user_id', '=', user.id)
            .where('revoked_at', 'is', null)
            .execute(),
        )
        return back(reply, '#tokens')
      },
    )

    app.post<{ Params: { handle: string } }>(
      `${url}/sessions/:handle/end`,
      { ...options(), schema: { hide: true, params: Type.Object({ handle: Type.String({ pattern: '^[\\w-]{16}$' }) }) } },
      async (request, reply) => {
        const user = request.user!
        const sessions = await deps.db.selectFrom('sessions').select('id_hash').where('user_id', '=', user.id).execute()
        const target = sessions.find((s) => s.id_hash.startsWith(request.params.handle) && s.id_hash !== request.session?.idHash)
        if (target) await deps.db.deleteFrom('sessions').where('id_hash', '=', target.id_hash).where('user_id', '=', user.id).execute()
        return back(reply)
      },
    )

    registerTwoFactorRoutes(app, deps, names, { locale, url, show, back })

    app.post<{ Body: { current?: string; password?: string; confirm?: string } }>(
      `${url}/password`,
      options(Type.Object({ current: text(1024), password: text(1024), confirm: text(1024), _csrf: text(200) })),
      async (request, reply) => {
        const user = request.user!
        const { current = '', password = '', confirm = '' } = request.body
        const stored = await deps.db.selectFrom('users').select('password_hash').where('id', '=', user.id).executeTakeFirstOrThrow()
        const problems: FormProblem[] = []
        if (!stored.password_hash || !(await verifyPassword(stored.password_hash, current)))
          problems.push({ field: 'current', message: 'account.currentWrong' })
        problems.push(...formProblems(newPasswordProblems(password, confirm, user.email)))
        if (problems.length > 0) return show(request, reply, 422, { problems })
        const passwordHash = await hashPassword(password)
        await withActor(deps.db, { name: `user:${user.id}`, ip: request.ip }, (trx) =>
          trx.updateTable('users').set({ password_hash: passwordHash, updated_at: deps.clock() }).where('id', '=', user.id).execute(),
        )
        // A new password ends every session, this one included, and starts a fresh one here.
        await endAllSessions(deps.db, user.id)
        await startSession(deps, names, request, reply, user.id)
        return back(reply, '?changed=password')
      },
    )
  }
}
