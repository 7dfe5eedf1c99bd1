import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import type { Organisation } from './organisations.js'
import type { AccountChange, EditableUser } from './user-edit.service.js'
import { PersonFields } from './users.views.js'
import { Checkbox, CsrfField, ErrorSummary } from '../../web/forms.js'

/** One person's account, as an administrator changes it. */
export function UserEditPage(props: {
  ctx: PageContext
  user: EditableUser
  form: AccountChange
  problems: FormProblem[]
  csrf: string
  countries: { code: string; name: string }[]
  organisations: Organisation[]
  saved: boolean
}) {
  const { ctx, user, form, problems } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={`${user.name} · ${t('users.title')}`}>
      <p>
        <a href={href(ctx, '/admin/users')}>{t('users.title')}</a>
      </p>
      <h1>{user.name}</h1>
      {props.saved && (
        <p class="notice" role="status">
          {t('users.saved')}
        </p>
      )}
      <dl class="facts">
        <dt>{t('auth.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('users.status')}</dt>
        <dd>{t(`users.status.${user.status}`)}</dd>
        <dt>{t('account.twoFactorTitle')}</dt>
        <dd>{t(user.twoFactor ? 'users.twoFactorOn' : 'users.twoFactorOff')}</dd>
      </dl>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, `/admin/users/${user.id}`)}>
        <CsrfField token={props.csrf} />
        <PersonFields ctx={ctx} form={form} problems={problems} countries={props.countries} organisations={props.organisations} />
        <Checkbox ctx={ctx} id="disabled" label={t('users.disable')} checked={form.disabled} />
        <p class="hint">{t('users.changeHint')}</p>
        <button type="submit">{t('users.save')}</button>
      </form>
    </Layout>
  )
}
