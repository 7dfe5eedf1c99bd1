import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { CookieNames } from '../../lib/auth.js'
import { type FormProblem, notFound } from '../../lib/errors.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { startSession } from '../accounts/session.http.js'
import { listCountries } from '../countries/countries.queries.js'
import { listOrganisations } from './organisations.js'
import { changeAccount, changeProblems, loadEditableUser, type AccountChange, type EditableUser } from './user-edit.service.js'
import { list, PERSON_PROPERTIES, personProblems, readPerson, type PersonBody } from './user-form.js'
import { UserEditPage } from './user-edit.views.js'

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) })
const ChangeBody = Type.Object({ ...PERSON_PROPERTIES, disabled: Type.Optional(Type.Literal('yes')) })

/** An administrator's page for one account: change roles, countries, organisation, or disable it. */
export function registerUserEditPages(app: FastifyInstance, deps: AppDeps, names: CookieNames): void {
  for (const { locale, url } of localizedRoutes('/admin/users/:id')) {
    const target = async (id: string): Promise<EditableUser> => {
      const user = await loadEditableUser(deps.db, Number(id))
      if (!user) throw notFound('account')
      return user
    }
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      user: EditableUser,
      form: AccountChange,
      problems: FormProblem[],
      saved = false,
    ) => {
      const ctx = pageContext(locale, `/admin/users/${user.id}`, deps.assets, deps.config.publicUrl)
      const [countries, organisations] = await Promise.all([listCountries(deps.db), listOrganisations(deps.db)])
      const options = countries.map((c) => ({ code: c.code, name: c.names[locale] })).sort((a, b) => a.name.localeCompare(b.name, locale))
      const csrf = request.session?.csrfToken ?? ''
      return sendPrivatePage(reply, status, h(UserEditPage, { ctx, user, form, problems, csrf, countries: options, organisations, saved }))
    }

    app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
      url,
      {
        config: { policy: 'admin:users' },
        schema: { hide: true, params: Params, querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 5 })) }) },
      },
      async (request, reply) => {
        const user = await target(request.params.id)
        return show(request, reply, 200, user, user, [], request.query.saved === 'yes')
      },
    )

    app.post<{ Params: { id: string }; Body: PersonBody & { disabled?: 'yes' } }>(
      url,
      { config: { policy: 'admin:users' }, schema: { hide: true, params: Params, body: ChangeBody } },
      async (request, reply) => {
        const user = await target(request.params.id)
        const form: AccountChange = { ...readPerson(request.body), disabled: request.body.disabled === 'yes' }
        const problems = await personProblems(deps, form, list(request.body.roles).length)
        if (problems.length === 0) problems.push(...changeProblems(user, form, request.user!.id))
        if (problems.length > 0) return show(request, reply, 422, user, form, problems)
        const ended = await changeAccount(deps.db, user, form, {
          actor: { name: `user:${request.user!.id}`, ip: request.ip },
          now: deps.clock(),
        })
        // Administrators changing their own account keep working, in a new session.
        if (ended > 0 && user.id === request.user!.id) {
          await startSession(deps, names, request, reply, user.id)
        }
        return reply.redirect(`${href({ locale }, `/admin/users/${user.id}`)}?saved=yes`, 303)
      },
    )
  }
}
