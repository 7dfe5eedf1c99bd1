import type { ComponentChildren } from 'preact'
import type { FormProblem } from '../../lib/errors.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import type { SetupProblem } from './new-password-form.js'
import { CsrfField, EmailInput, ErrorSummary, TextInput } from '../../web/forms.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'

/** The sign-in, set-up and account pages. None is cached; every form carries its CSRF token. */

/** Password and code problems as the forms show them. */
export function formProblems(problems: SetupProblem[]): FormProblem[] {
  return problems.map((p) => ({
    field: p.field,
    message: p.field === 'password' ? (`password.${p.problem}` as const) : (`code.${p.problem}` as const),
  }))
}

/** A new password and its confirmation, as every form that sets one asks for them. */
export function NewPasswordFields({ ctx, label, problems }: { ctx: PageContext; label: string; problems: FormProblem[] }) {
  const { t } = ctx
  return (
    <>
      <TextInput
        ctx={ctx}
        id="password"
        type="password"
        label={label}
        hint={t('setup.passwordHint')}
        problems={problems}
        autocomplete="new-password"
        required
        minLength={12}
        maxLength={256}
      />
      <TextInput
        ctx={ctx}
        id="confirm"
        type="password"
        label={t('setup.confirm')}
        problems={problems}
        autocomplete="new-password"
        required
        maxLength={256}
      />
    </>
  )
}

/** An authenticator (or recovery) code, as every form that asks for one asks. */
export function CodeInput(props: { ctx: PageContext; problems: FormProblem[]; hint?: string; required?: boolean; maxLength?: number }) {
  return (
    <TextInput
      ctx={props.ctx}
      id="code"
      label={props.ctx.t('auth.code')}
      hint={props.hint}
      problems={props.problems}
      inputMode="numeric"
      autocomplete="one-time-code"
      required={props.required}
      maxLength={props.maxLength ?? 32}
    />
  )
}

export function SignInPage({
  ctx,
  csrf,
  email,
  next,
  problems,
}: {
  ctx: PageContext
  csrf: string
  email: string
  next: string
  problems: FormProblem[]
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('auth.signIn.title')}>
      <h1>{t('auth.signIn.title')}</h1>
      <p class="lead">{t('auth.signIn.lead')}</p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/sign-in')}>
        <CsrfField token={csrf} />
        <input type="hidden" name="next" value={next} />
        <EmailInput ctx={ctx} label={t('auth.email')} problems={problems} autocomplete="username" value={email} />
        <TextInput
          ctx={ctx}
          id="password"
          type="password"
          label={t('auth.password')}
          problems={problems}
          autocomplete="current-password"
          required
          maxLength={1024}
        />
        <CodeInput ctx={ctx} problems={problems} hint={t('auth.codeHint')} />
        <button type="submit">{t('auth.signIn.submit')}</button>
      </form>
      <p>
        <a href={href(ctx, '/account/reset')}>{t('reset.link')}</a>
      </p>
    </Layout>
  )
}

export function AccountPage({
  ctx,
  user,
  csrf,
  notice,
  children,
}: {
  ctx: PageContext
  user: CurrentUser
  csrf: string
  notice: string | null
  children?: ComponentChildren
}) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('account.title')}>
      <h1>{t('account.title')}</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <dl class="facts">
        <dt>{t('auth.email')}</dt>
        <dd>{user.email}</dd>
        <dt>{t('account.roles')}</dt>
        <dd>{user.roles.length ? user.roles.map((role) => t(`role.${role}`)).join(', ') : t('account.noRoles')}</dd>
        {user.countries.length > 0 && (
          <>
            <dt>{t('account.countries')}</dt>
            <dd>{user.countries.join(', ')}</dd>
          </>
        )}
      </dl>
      {can(user, 'update:write') && (
        <p>
          <a href={href(ctx, '/workspace')}>{t('account.workspace')}</a>
        </p>
      )}
      {can(user, 'rating:view') && (
        <p>
          <a href={href(ctx, '/workspace/ratings')}>{t('nav.ratingDesk')}</a> ·{' '}
          <a href={href(ctx, '/workspace/assessments')}>{t('assessment.listTitle')}</a>
          {can(user, 'watchlist:edit') && (
            <>
              {' '}
              · <a href={href(ctx, '/workspace/watchlist')}>{t('watchlist.editionsTitle')}</a>
            </>
          )}
        </p>
      )}
      {(can(user, 'publication:write') || can(user, 'press:embargoed')) && (
        <p>
          {can(user, 'publication:write') && (
            <>
              <a href={href(ctx, '/workspace/publications')}>{t('publication.workspace.title')}</a> ·{' '}
              <a href={href(ctx, '/workspace/accreditations')}>{t('publication.workspace.accreditations')}</a> ·{' '}
            </>
          )}
          <a href={href(ctx, '/press-room')}>{t('publication.workspace.pressRoom')}</a>
        </p>
      )}
      {can(user, 'admin:users') && (
        <p>
          <a href={href(ctx, '/admin/users')}>{t('users.title')}</a> · <a href={href(ctx, '/admin/audit')}>{t('audit.title')}</a> ·{' '}
          <a href={href(ctx, '/admin/taxonomy')}>{t('taxonomy.title')}</a> ·{' '}
          <a href={href(ctx, '/admin/methodology')}>{t('methodology.admin.title')}</a>
        </p>
      )}
      <form method="post" action={href(ctx, '/sign-out')} class="inline-form">
        <CsrfField token={csrf} />
        <button type="submit">{t('auth.signOut')}</button>
      </form>
      <form method="post" action={href(ctx, '/account/sign-out-everywhere')} class="inline-form">
        <CsrfField token={csrf} />
        <button type="submit" class="secondary" aria-describedby="everywhere-hint">
          {t('auth.signOutEverywhere')}
        </button>
        <p class="hint" id="everywhere-hint">
          {t('auth.signOutEverywhereHint')}
        </p>
      </form>
      {children}
    </Layout>
  )
}

export interface SetupModel {
  displayName: string
  email: string
  totp: { secret: string; qr: string } | null
  problems: FormProblem[]
}

export function SetupPage({ ctx, model, action, csrf }: { ctx: PageContext; model: SetupModel; action: string; csrf: string }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p class="lead">{t('setup.lead', { name: model.displayName, email: model.email })}</p>
      <ErrorSummary ctx={ctx} problems={model.problems} />
      <form class="stack-form" method="post" action={action}>
        <CsrfField token={csrf} />
        <input type="hidden" name="username" value={model.email} autocomplete="username" />
        <NewPasswordFields ctx={ctx} label={t('auth.password')} problems={model.problems} />
        {model.totp && (
          <fieldset>
            <legend>{t('setup.totpTitle')}</legend>
            <p>{t('setup.totpLead')}</p>
            <EnrolAuthenticator ctx={ctx} totp={model.totp} problems={model.problems} />
          </fieldset>
        )}
        <button type="submit">{t('setup.submit')}</button>
      </form>
    </Layout>
  )
}

/** The QR code and secret of an authenticator being enrolled, and the field for its first code. */
export function EnrolAuthenticator({
  ctx,
  totp,
  problems,
}: {
  ctx: PageContext
  totp: { secret: string; qr: string }
  problems: FormProblem[]
}) {
  const { t } = ctx
  return (
    <>
      <img class="qr" src={totp.qr} alt={t('setup.qrAlt')} width={200} height={200} />
      <p>
        {t('setup.secretLabel')}: <code class="secret">{totp.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <CodeInput ctx={ctx} problems={problems} required />
    </>
  )
}

export function SetupDonePage({ ctx, codes }: { ctx: PageContext; codes: string[] }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('setup.done.title')}>
      <h1>{t('setup.done.title')}</h1>
      {codes.length > 0 && (
        <section aria-labelledby="codes-title">
          <h2 id="codes-title">{t('setup.done.codesTitle')}</h2>
          <p>{t('setup.done.codesHint')}</p>
          <RecoveryCodeList codes={codes} />
        </section>
      )}
      <p>
        <a href={href(ctx, '/account')}>{t('setup.done.continue')}</a>
      </p>
    </Layout>
  )
}

export function LinkExpiredPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('setup.expired.title')}>
      <h1>{t('setup.expired.title')}</h1>
      <p class="lead">{t('setup.expired.text')}</p>
    </Layout>
  )
}

export function RecoveryCodeList({ codes }: { codes: string[] }) {
  return (
    <ol class="recovery-codes">
      {codes.map((code) => (
        <li>
          <code>{code}</code>
        </li>
      ))}
    </ol>
  )
}
