import { TableScroll } from '../../web/table-scroll.js'
import type { Role } from '../../db/schema.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { Problems, type FormProblem } from '../accounts/accounts.views.js'
import { OrganisationsSection, type Organisation } from './organisations.js'

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
  const problem = (field: string) => problems.find((p) => p.field === field)
  return (
    <Layout ctx={ctx} title={t('users.title')}>
      <h1>{t('users.title')}</h1>
      {props.invited && (
        <p class="notice" role="status">
          {t('users.invited', { email: props.invited })}
        </p>
      )}
      <h2>{t('users.inviteTitle')}</h2>
      <Problems ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/admin/users')}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <div class={`field${problem('email') ? ' has-problem' : ''}`}>
          <label for="email">{t('auth.email')}</label>
          {problem('email') && <p class="field-problem">{t(problem('email')!.message, problem('email')!.params)}</p>}
          <input id="email" name="email" type="email" required maxLength={254} value={form.email} />
        </div>
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
  const problem = (field: string) => problems.find((p) => p.field === field)
  return (
    <>
      <div class={`field${problem('name') ? ' has-problem' : ''}`}>
        <label for="name">{t('users.name')}</label>
        {problem('name') && <p class="field-problem">{t(problem('name')!.message)}</p>}
        <input id="name" name="name" required maxLength={120} value={form.name} />
      </div>
      <fieldset id="roles">
        <legend>{t('account.roles')}</legend>
        {problem('roles') && <p class="field-problem">{t(problem('roles')!.message)}</p>}
        {ROLES.map((role) => (
          <label class="check">
            <input type="checkbox" name="roles" value={role} checked={form.roles.includes(role)} /> {t(`role.${role}`)}
          </label>
        ))}
      </fieldset>
      <div class={`field${problem('organisation') ? ' has-problem' : ''}`}>
        <label for="organisation">{t('users.organisation')}</label>
        {problem('organisation') && <p class="field-problem">{t(problem('organisation')!.message)}</p>}
        <select id="organisation" name="organisation">
          <option value="">{t('users.noOrganisation')}</option>
          {props.organisations.map((o) => (
            <option value={String(o.id)} selected={o.id === form.organisationId}>
              {o.name}
            </option>
          ))}
        </select>
      </div>
      <div class={`field${problem('countries') ? ' has-problem' : ''}`}>
        <label for="countries">{t('users.countries')}</label>
        <p class="hint">{t('users.countriesHint')}</p>
        {problem('countries') && <p class="field-problem">{t(problem('countries')!.message)}</p>}
        <select id="countries" name="countries" multiple size={8}>
          {props.countries.map((c) => (
            <option value={c.code} selected={form.countries.includes(c.code)}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
    </>
  )
}
