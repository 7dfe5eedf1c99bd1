import { TableScroll } from '../../web/table-scroll.js'
import type { Role } from '../../db/schema.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { SessionView, TokenView } from './account-settings.queries.js'
import { NewPasswordFields, type FormProblem } from './accounts.views.js'
import { TwoFactorSection, type TwoFactorView } from './two-factor.views.js'

const stamp = (date: Date) => `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`

/** Sessions, API tokens and the password, below the account summary. */
export function AccountSettings(props: {
  twoFactor: TwoFactorView
  ctx: PageContext
  csrf: string
  roles: Role[]
  sessions: SessionView[]
  tokens: TokenView[]
  newToken: string | null
  problems: FormProblem[]
}) {
  const { ctx, csrf, problems } = props
  const { t } = ctx
  const problem = (field: string) => problems.find((p) => p.field === field)
  const Hidden = () => <input type="hidden" name="_csrf" value={csrf} />
  return (
    <>
      <h2 id="sessions-title">{t('account.sessionsTitle')}</h2>
      <TableScroll labelledBy="sessions-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('account.signedInAt')}</th>
              <th scope="col">{t('account.lastSeen')}</th>
              <th scope="col">{t('audit.ip')}</th>
              <th scope="col">{t('account.device')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('account.end')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.sessions.map((s) => (
              <tr>
                <td>{stamp(s.createdAt)}</td>
                <td>{stamp(s.lastSeenAt)}</td>
                <td>{s.ip ?? ''}</td>
                <td>
                  {s.userAgent ?? ''} {s.current && <strong>({t('account.thisDevice')})</strong>}
                </td>
                <td>
                  {!s.current && (
                    <form method="post" action={href(ctx, `/account/sessions/${s.handle}/end`)}>
                      <Hidden />
                      <button type="submit" class="secondary">
                        {t('account.end')}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      <TwoFactorSection ctx={ctx} csrf={csrf} view={props.twoFactor} problems={problems} />

      <h2 id="tokens">{t('account.tokensTitle')}</h2>
      <p>{t('account.tokensLead')}</p>
      {props.newToken && (
        <div class="notice" role="status">
          <p>{t('account.tokenShown')}</p>
          <p>
            <code class="secret">{props.newToken}</code>
          </p>
        </div>
      )}
      {props.tokens.length === 0 ? (
        <p>{t('account.tokensNone')}</p>
      ) : (
        <ul class="tokens">
          {props.tokens.map((token) => (
            <li>
              <strong>{token.name}</strong> ({token.roles.map((r) => t(`role.${r}`)).join(', ')}) · {t('account.tokenLastUsed')}:{' '}
              {token.lastUsedAt ? stamp(token.lastUsedAt) : t('account.never')}
              <form method="post" action={href(ctx, `/account/tokens/${token.id}/revoke`)} class="inline-form">
                <Hidden />
                <button type="submit" class="secondary">
                  {t('account.tokenRevoke')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form class="stack-form" method="post" action={href(ctx, '/account/tokens')}>
        <Hidden />
        <div class={`field${problem('tokenName') ? ' has-problem' : ''}`}>
          <label for="tokenName">{t('account.tokenName')}</label>
          {problem('tokenName') && <p class="field-problem">{t(problem('tokenName')!.message)}</p>}
          <input id="tokenName" name="name" maxLength={100} required />
        </div>
        <fieldset id="tokenRoles">
          <legend>{t('account.tokenRoles')}</legend>
          {problem('tokenRoles') && <p class="field-problem">{t(problem('tokenRoles')!.message)}</p>}
          {props.roles.map((role) => (
            <label class="check">
              <input type="checkbox" name="roles" value={role} /> {t(`role.${role}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t('account.tokenCreate')}</button>
      </form>

      <h2 id="password-change">{t('account.passwordTitle')}</h2>
      <form class="stack-form" method="post" action={href(ctx, '/account/password')}>
        <Hidden />
        <div class={`field${problem('current') ? ' has-problem' : ''}`}>
          <label for="current">{t('account.currentPassword')}</label>
          {problem('current') && <p class="field-problem">{t(problem('current')!.message)}</p>}
          <input id="current" name="current" type="password" autocomplete="current-password" required maxLength={1024} />
        </div>
        <NewPasswordFields ctx={ctx} label={t('account.newPassword')} problem={problem('password')} />
        <button type="submit">{t('account.passwordSave')}</button>
      </form>
    </>
  )
}
