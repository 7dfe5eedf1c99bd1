import { TableScroll } from '../../web/table-scroll.js'
import type { Role } from '../../db/schema.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { OrganisationsSection, type Organisation } from './organisations.js'
import { Choices, CsrfField, EmailInput, ErrorSummary, Select, TextInput } from '../../web/forms.js'

export interface UserRow {
  id: number
  email: string
  displayName: string
  status: string
  roles: Role[]
}

export interface InviteForm {
  email: string
  name: string
  roles: Role[]
  countries: string[]
  organisationId: number | null
}

const ROLES: Role[] = ['researcher', 'editor', 'panelist', 'admin', 'journalist']

/** Administrators: the people with accounts, and the invitation form. */
export function UsersPage(props: {
  ctx: PageContext
  users: UserRow[]
  countries: { code: string; name: string }[]
  form: InviteForm
  problems: FormProblem[]
  invited: string | null
  csrf: string
  organisations: Organisation[]
  orgProblems: FormProblem[]
}) {
  const { ctx, form, problems } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      {props.invited && (
        <p class="notice" role="status">
          {t('users.invited', { email: props.invited })}
        </p>
      )}
      <h2>{t('users.inviteTitle')}</h2>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/admin/users')}>
        <CsrfField token={props.csrf} />
        <EmailInput ctx={ctx} label={t('auth.email')} problems={problems} value={form.email} />
        <PersonFields ctx={ctx} form={form} problems={problems} countries={props.countries} organisations={props.organisations} />
        <button type="submit">{t('users.inviteSubmit')}</button>
      </form>
      <OrganisationsSection ctx={ctx} csrf={props.csrf} organisations={props.organisations} problems={props.orgProblems} />
      <h2 id="accounts-title">{t('users.listTitle')}</h2>
      <TableScroll labelledBy="accounts-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('auth.email')}</th>
              <th scope="col">{t('users.name')}</th>
              <th scope="col">{t('account.roles')}</th>
              <th scope="col">{t('users.status')}</th>
            </tr>
          </thead>
          <tbody>
            {props.users.map((u) => (
              <tr>
                <td>
                  <a href={href(ctx, `/admin/users/${u.id}`)}>{u.email}</a>
                </td>
                <td>{u.displayName}</td>
                <td>{u.roles.map((r) => t(`role.${r}`)).join(', ')}</td>
                <td>{t(`users.status.${u.status as 'invited' | 'active' | 'disabled'}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  )
}

/** Name, roles, organisation and countries: the same fields to invite someone and to change their account. */
export function PersonFields(props: {
  ctx: PageContext
  form: Omit<InviteForm, 'email'>
  problems: FormProblem[]
  countries: { code: string; name: string }[]
  organisations: Organisation[]
}) {
  const { ctx, form, problems } = props
  const { t } = ctx
  return (
    <>
      <TextInput ctx={ctx} id="name" label={t('users.name')} problems={problems} required maxLength={120} value={form.name} />
      <Choices
        ctx={ctx}
        id="roles"
        legend={t('account.roles')}
        problems={problems}
        options={ROLES.map((role) => ({ value: role, label: t(`role.${role}`) }))}
        chosen={form.roles}
      />
      <Select
        ctx={ctx}
        id="organisation"
        label={t('users.organisation')}
        problems={problems}
        empty={t('users.noOrganisation')}
        options={props.organisations.map((o) => ({ value: String(o.id), label: o.name }))}
        value={form.organisationId === null ? '' : String(form.organisationId)}
      />
      <Select
        ctx={ctx}
        id="countries"
        label={t('users.countries')}
        hint={t('users.countriesHint')}
        problems={problems}
        multiple
        size={8}
        options={props.countries.map((c) => ({ value: c.code, label: c.name }))}
        value={form.countries}
      />
    </>
  )
}
