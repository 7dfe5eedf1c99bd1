import type { FormProblem } from '../../lib/errors.js'
import { CsrfField, EmailInput, ErrorSummary } from '../../web/forms.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { CodeInput, NewPasswordFields } from './accounts.views.js'

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
            <CsrfField token={csrf} />
            <EmailInput ctx={ctx} label={t('auth.email')} problems={[]} autocomplete="username" />
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
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={props.action}>
        <CsrfField token={props.csrf} />
        <input type="hidden" name="username" value={props.email} autocomplete="username" />
        <NewPasswordFields ctx={ctx} label={t('auth.password')} problems={problems} />
        {props.twoFactor && <CodeInput ctx={ctx} problems={problems} hint={t('reset.codeHint')} required />}
        <button type="submit">{t('reset.newSubmit')}</button>
      </form>
    </Layout>
  )
}
