import { href, type PageContext } from '../../web/page-context.js'
import { EnrolAuthenticator, RecoveryCodeList, type FormProblem } from './accounts.views.js'

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
  const problem = (field: string) => problems.find((p) => p.field === field)
  const Hidden = () => <input type="hidden" name="_csrf" value={csrf} />
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
            <Hidden />
            <fieldset>
              <legend>{t('account.newAuthenticator')}</legend>
              <p>{t('account.newAuthenticatorLead')}</p>
              <EnrolAuthenticator ctx={ctx} totp={view.pending} problem={problem('code')} />
            </fieldset>
            <button type="submit">{t('account.newAuthenticatorConfirm')}</button>
          </form>
          <form method="post" action={href(ctx, '/account/two-factor/cancel')}>
            <Hidden />
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
              <Hidden />
              <p>{t('account.newCodesLead')}</p>
              <div class={`field${problem('code') ? ' has-problem' : ''}`}>
                <label for="code">{t('auth.code')}</label>
                {problem('code') && <p class="field-problem">{t(problem('code')!.message)}</p>}
                <input id="code" name="code" type="text" inputMode="numeric" autocomplete="one-time-code" required maxLength={12} />
              </div>
              <button type="submit">{t('account.newCodesSubmit')}</button>
            </form>
          )}
          <form class="stack-form" method="post" action={href(ctx, '/account/two-factor/start')}>
            <Hidden />
            <p>{t(view.enrolled ? 'account.replaceLead' : 'account.enableLead')}</p>
            <div class={`field${problem('twoFactorPassword') ? ' has-problem' : ''}`}>
              <label for="twoFactorPassword">{t('account.currentPassword')}</label>
              {problem('twoFactorPassword') && <p class="field-problem">{t(problem('twoFactorPassword')!.message)}</p>}
              <input id="twoFactorPassword" name="password" type="password" autocomplete="current-password" required maxLength={1024} />
            </div>
            <button type="submit">{t(view.enrolled ? 'account.replaceSubmit' : 'account.enableSubmit')}</button>
          </form>
        </>
      )}
    </section>
  )
}
