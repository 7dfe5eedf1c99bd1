import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { NewPasswordFields, Problems, type FormProblem } from './accounts.views.js'

export function ResetRequestPage(props: { ctx: PageContext; csrf: string; sentTo: string | null; expired?: boolean }) {
  const { ctx, csrf, sentTo } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('reset.title')}>
      <h1>{t('reset.title')}</h1>
      {sentTo !== null ? (
        <p class="notice" role="status">
          {t('reset.sent', { email: sentTo })}
        </p>
      ) : (
        <>
          {props.expired && (
            <p class="notice" role="alert">
              {t('reset.expired')}
            </p>
          )}
          <p class="lead">{t('reset.lead')}</p>
          <form class="stack-form" method="post" action={href(ctx, '/account/reset')}>
            <input type="hidden" name="_csrf" value={csrf} />
            <div class="field">
              <label for="email">{t('auth.email')}</label>
              <input id="email" name="email" type="email" autocomplete="username" required maxLength={254} />
            </div>
            <button type="submit">{t('reset.submit')}</button>
          </form>
        </>
      )}
    </Layout>
  )
}

export function ResetPage(props: {
  ctx: PageContext
  csrf: string
  action: string
  email: string
  twoFactor: boolean
  problems: FormProblem[]
  done: boolean
}) {
  const { ctx, problems } = props
  const { t } = ctx
  const problem = (field: string) => problems.find((p) => p.field === field)
  if (props.done) {
    return (
      <Layout ctx={ctx} title={t('reset.newTitle')}>
        <h1>{t('reset.newTitle')}</h1>
        <p class="notice" role="status">
          {t('reset.done')}
        </p>
        <p>
          <a href={href(ctx, '/sign-in')}>{t('auth.signIn.title')}</a>
        </p>
      </Layout>
    )
  }
  return (
    <Layout ctx={ctx} title={t('reset.newTitle')}>
      <h1>{t('reset.newTitle')}</h1>
      <Problems ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={props.action}>
        <input type="hidden" name="_csrf" value={props.csrf} />
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <NewPasswordFields ctx={ctx} label={t('auth.password')} problem={problem('password')} />
        {props.twoFactor && (
          <div class={`field${problem('code') ? ' has-problem' : ''}`}>
            <label for="code">{t('auth.code')}</label>
            <p class="hint">{t('reset.codeHint')}</p>
            <input id="code" name="code" type="text" inputMode="numeric" autocomplete="one-time-code" required maxLength={32} />
          </div>
        )}
        <button type="submit">{t('reset.newSubmit')}</button>
      </form>
    </Layout>
  )
}
