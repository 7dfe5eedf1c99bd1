import type { ComponentChildren } from 'preact'
import type { MessageKey } from '../../lib/i18n.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import type { SetupProblem } from './setup.service.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'

/** The sign-in, set-up and account pages. None is cached; every form carries its CSRF token. */
export interface FormProblem {
  field: string
  message: MessageKey
  params?: Record<string, string | number>
}

/** Password and code problems as the forms show them. */
export function formProblems(problems: SetupProblem[]): FormProblem[] {
  return problems.map((p) => ({
    field: p.field,
    message: p.field === 'password' ? (`password.${p.problem}` as const) : (`code.${p.problem}` as const),
  }))
}

/** The list of what to fix, each linked to its field. */
export function Problems({ ctx, problems }: { ctx: PageContext; problems: FormProblem[] }) {
  if (problems.length === 0) return null
  return (
    <div class="notice form-problems" role="alert" tabIndex={-1} id="problems">
      <p>{ctx.t('form.problems')}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${p.field}`}>{ctx.t(p.message, p.params)}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

function Field(props: { id: string; label: string; hint?: string; problem?: FormProblem; ctx: PageContext; children: ComponentChildren }) {
  return (
    <div class={`field${props.problem ? ' has-problem' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      {props.problem && (
        <p class="field-problem" id={`${props.id}-problem`}>
          {props.ctx.t(props.problem.message, props.problem.params)}
        </p>
      )}
      {props.children}
    </div>
  )
}

/** A new password and its confirmation, as every form that sets one asks for them. */
export function NewPasswordFields({ ctx, label, problem }: { ctx: PageContext; label: string; problem: FormProblem | undefined }) {
  const { t } = ctx
  return (
    <>
      <Field ctx={ctx} id="password" label={label} hint={t('setup.passwordHint')} problem={problem}>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="new-password"
          required
          minLength={12}
          maxLength={256}
          aria-describedby={describedBy('password', true, Boolean(problem))}
          aria-invalid={problem ? 'true' : undefined}
        />
      </Field>
      <Field ctx={ctx} id="confirm" label={t('setup.confirm')}>
        <input id="confirm" name="confirm" type="password" autocomplete="new-password" required maxLength={256} />
      </Field>
    </>
  )
}

const describedBy = (id: string, hint: boolean, problem: boolean) =>
  [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ') || undefined

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
      <Problems ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/sign-in')}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        <Field ctx={ctx} id="email" label={t('auth.email')}>
          <input id="email" name="email" type="email" autocomplete="username" required maxLength={254} value={email} />
        </Field>
        <Field ctx={ctx} id="password" label={t('auth.password')}>
          <input id="password" name="password" type="password" autocomplete="current-password" required maxLength={1024} />
        </Field>
        <Field ctx={ctx} id="code" label={t('auth.code')} hint={t('auth.codeHint')}>
          <input
            id="code"
            name="code"
            type="text"
            inputMode="numeric"
            autocomplete="one-time-code"
            maxLength={32}
            aria-describedby="code-hint"
          />
        </Field>
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
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit">{t('auth.signOut')}</button>
      </form>
      <form method="post" action={href(ctx, '/account/sign-out-everywhere')} class="inline-form">
        <input type="hidden" name="_csrf" value={csrf} />
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
  const problem = (field: string) => model.problems.find((p) => p.field === field)
  return (
    <Layout ctx={ctx} title={t('setup.title')}>
      <h1>{t('setup.title')}</h1>
      <p class="lead">{t('setup.lead', { name: model.displayName, email: model.email })}</p>
      <Problems ctx={ctx} problems={model.problems} />
      <form class="stack-form" method="post" action={action}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="username" value={model.email} autocomplete="username" />
        <NewPasswordFields ctx={ctx} label={t('auth.password')} problem={problem('password')} />
        {model.totp && (
          <fieldset>
            <legend>{t('setup.totpTitle')}</legend>
            <p>{t('setup.totpLead')}</p>
            <EnrolAuthenticator ctx={ctx} totp={model.totp} problem={problem('code')} />
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
  problem,
}: {
  ctx: PageContext
  totp: { secret: string; qr: string }
  problem?: FormProblem
}) {
  const { t } = ctx
  return (
    <>
      <img class="qr" src={totp.qr} alt={t('setup.qrAlt')} width={200} height={200} />
      <p>
        {t('setup.secretLabel')}: <code class="secret">{totp.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
      </p>
      <Field ctx={ctx} id="code" label={t('auth.code')} problem={problem}>
        <input
          id="code"
          name="code"
          type="text"
          inputMode="numeric"
          autocomplete="one-time-code"
          required
          maxLength={32}
          aria-describedby={describedBy('code', false, Boolean(problem))}
          aria-invalid={problem ? 'true' : undefined}
        />
      </Field>
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
