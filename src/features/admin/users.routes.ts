import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { Locale } from '../../lib/i18n.js'
import { isHttpError, notFound, type FormProblem } from '../../lib/errors.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { inviteUser } from '../accounts/setup.service.js'
import { listCountries } from '../countries/countries.queries.js'
import { enqueueMail } from '../mail/outbox.js'
import { UsersPage, type InviteForm } from './users.views.js'
import { createOrganisation, listOrganisations, OrganisationBody, setCredited } from './organisations.js'
import { list, PERSON_PROPERTIES, personProblems, readPerson, type PersonBody } from './user-form.js'
import { isEmailAddress } from '../../lib/email.js'

const InviteBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 254 })), ...PERSON_PROPERTIES })
type InviteBody = PersonBody & { email?: string }
const EMPTY_FORM: InviteForm = { email: '', name: '', roles: [], countries: [], organisationId: null }

/** Administrators invite people: an account, its roles and countries, and an e-mail with a set-up link. */
export function registerUsersPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/admin/users')) {
    const show = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      form: InviteForm,
      problems: FormProblem[],
      invited: string | null,
      orgProblems: FormProblem[] = [],
    ) => {
      const ctx = pageContext(locale, '/admin/users', deps.assets, deps.config.publicUrl)
      const [users, countries, organisations] = await Promise.all([listUsers(deps), listCountries(deps.db), listOrganisations(deps.db)])
      const options = countries.map((c) => ({ code: c.code, name: c.names[locale] })).sort((a, b) => a.name.localeCompare(b.name, locale))
      const csrf = request.session?.csrfToken ?? ''
      const page = h(UsersPage, { ctx, users, countries: options, form, problems, invited, csrf, organisations, orgProblems })
      return sendPrivatePage(reply, status, page)
    }

    app.get<{ Querystring: { invited?: string } }>(
      url,
      {
        config: { policy: 'admin:users' },
        schema: { hide: true, querystring: Type.Object({ invited: Type.Optional(Type.String({ maxLength: 254 })) }) },
      },
      (request, reply) => show(request, reply, 200, EMPTY_FORM, [], request.query.invited ?? null),
    )

    app.post<{ Body: InviteBody }>(
      url,
      { config: { policy: 'admin:users' }, schema: { hide: true, body: InviteBody } },
      async (request, reply) => {
        const form: InviteForm = { email: (request.body.email ?? '').trim(), ...readPerson(request.body) }
        const problems = await personProblems(deps, form, list(request.body.roles).length)
        if (!isEmailAddress(form.email)) problems.unshift({ field: 'email', message: 'users.emailInvalid' })
        if (problems.length > 0) return show(request, reply, 422, form, problems, null)
        try {
          await inviteUser(
            deps.db,
            { email: form.email, displayName: form.name, roles: form.roles, organisationId: form.organisationId },
            {
              actor: { name: `user:${request.user!.id}`, ip: request.ip },
              now: deps.clock(),
              countries: form.roles.includes('researcher') ? form.countries : [],
              notify: (trx, token) => enqueueMail(trx, invitationMail(deps, locale, form, token)),
            },
          )
        } catch (error) {
          if (!isHttpError(error, 'duplicate_email')) throw error
          return show(request, reply, 422, form, [{ field: 'email', message: 'users.emailTaken' }], null)
        }
        return reply.redirect(`${href({ locale }, '/admin/users')}?invited=${encodeURIComponent(form.email.toLowerCase())}`, 303)
      },
    )

    app.post<{ Body: { name?: string; credited?: string } }>(
      `${href({ locale }, '/admin/organisations')}`,
      { config: { policy: 'admin:users' }, schema: { hide: true, body: OrganisationBody } },
      async (request, reply) => {
        const problem = await createOrganisation(
          deps,
          { name: request.body.name ?? '', credited: request.body.credited === 'yes' },
          { name: `user:${request.user!.id}`, ip: request.ip },
        )
        if (problem) return show(request, reply, 422, EMPTY_FORM, [], null, [problem])
        return reply.redirect(`${href({ locale }, '/admin/users')}#orgs-title`, 303)
      },
    )

    app.post<{ Params: { id: string }; Body: { credited: 'yes' | 'no' } }>(
      `${href({ locale }, '/admin/organisations')}/:id`,
      {
        config: { policy: 'admin:users' },
        schema: {
          hide: true,
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,18}$' }) }),
          body: Type.Object({
            credited: Type.Union([Type.Literal('yes'), Type.Literal('no')]),
            _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          }),
        },
      },
      async (request, reply) => {
        const found = await setCredited(deps, Number(request.params.id), request.body.credited === 'yes', {
          name: `user:${request.user!.id}`,
          ip: request.ip,
        })
        if (!found) throw notFound('organisation')
        return reply.redirect(`${href({ locale }, '/admin/users')}#orgs-title`, 303)
      },
    )
  }
}

async function listUsers(deps: AppDeps) {
  const [users, roles] = await Promise.all([
    deps.db.selectFrom('users').select(['id', 'email', 'display_name', 'status']).orderBy('email').execute(),
    deps.db.selectFrom('user_roles').select(['user_id', 'role']).execute(),
  ])
  return users.map((u) => ({
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    status: u.status,
    roles: roles.filter((r) => r.user_id === u.id).map((r) => r.role),
  }))
}

/** The invitation. It names no one else and says what to do if it was not expected. */
function invitationMail(deps: AppDeps, locale: Locale, form: InviteForm, token: string) {
  const link = `${deps.config.publicUrl}${href({ locale }, `/account/setup/${token}`)}`
  return {
    to: form.email.toLowerCase(),
    subject: 'Your Civic Monitor account',
    body: [
      `Hello ${form.name},`,
      '',
      'An administrator of Civic Monitor has created an account for you.',
      'Open this link within 24 hours to choose your password and set up two-factor authentication:',
      '',
      link,
      '',
      'The link works once. If you did not expect this message, ignore it: nothing happens without you.',
    ].join('\n'),
  }
}
