import type { FormProblem } from '../../lib/errors.js'
import { CsrfField, TextInput } from '../../web/forms.js'
import { href, type PageContext } from '../../web/page-context.js'
import { CodeInput, EnrolAuthenticator, RecoveryCodeList } from './accounts.views.js'

export interface TwoFactorView {
  enrolled: boolean
  codesLeft: number
  /** The authenticator being enrolled, when the user has started. */
  pending: { secret: string; qr: string } | null
  newCodes: string[] | null
}

/** The account page's second factor: recovery codes, a new authenticator, or turning it on. */
export function TwoFactorSection({
  ctx,
  csrf,
  view,
  problems,
}: {
  ctx: PageContext
  csrf: string
  view: TwoFactorView
  problems: FormProblem[]
}) {
  const { t } = ctx
  return (
    <section aria-labelledby="two-factor">
      <h2 id="two-factor">{t('account.twoFactorTitle')}</h2>
      <p>{t(view.enrolled ? 'account.twoFactorOn' : 'account.twoFactorOff')}</p>
      {view.newCodes && (
        <div class="notice" role="status">
          <p>{t('setup.done.codesHint')}</p>
          <RecoveryCodeList codes={view.newCodes} />
        </div>
      )}
      {view.pending ? (
        <>
          <form class="stack-form" method="post" action={href(ctx, '/account/two-factor/confirm')}>
            <CsrfField token={csrf} />
            <fieldset>
              <legend>{t('account.newAuthenticator')}</legend>
              <p>{t('account.newAuthenticatorLead')}</p>
              <EnrolAuthenticator ctx={ctx} totp={view.pending} problems={problems} />
            </fieldset>
            <button type="submit">{t('account.newAuthenticatorConfirm')}</button>
          </form>
          <form method="post" action={href(ctx, '/account/two-factor/cancel')}>
            <CsrfField token={csrf} />
            <button type="submit" class="secondary">
              {t('account.newAuthenticatorCancel')}
            </button>
          </form>
        </>
      ) : (
        <>
          {view.enrolled && !view.newCodes && <p>{t('account.codesLeft', { count: view.codesLeft })}</p>}
          {view.enrolled && (
            <form class="stack-form" method="post" action={href(ctx, '/account/recovery-codes')}>
              <CsrfField token={csrf} />
              <p>{t('account.newCodesLead')}</p>
              <CodeInput ctx={ctx} problems={problems} required maxLength={12} />
              <button type="submit">{t('account.newCodesSubmit')}</button>
            </form>
          )}
          <form class="stack-form" method="post" action={href(ctx, '/account/two-factor/start')}>
            <CsrfField token={csrf} />
            <p>{t(view.enrolled ? 'account.replaceLead' : 'account.enableLead')}</p>
            <TextInput
              ctx={ctx}
              id="twoFactorPassword"
              name="password"
              type="password"
              label={t('account.currentPassword')}
              problems={problems}
              autocomplete="current-password"
              required
              maxLength={1024}
            />
            <button type="submit">{t(view.enrolled ? 'account.replaceSubmit' : 'account.enableSubmit')}</button>
          </form>
        </>
      )}
    </section>
  )
}
