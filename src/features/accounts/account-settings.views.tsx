import { TableScroll } from '../../web/table-scroll.js'
import type { Role } from '../../db/schema.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { SessionView, TokenView } from './account-settings.queries.js'
import type { FormProblem } from '../../lib/errors.js'
import { Choices, CsrfField, TextInput } from '../../web/forms.js'
import { NewPasswordFields } from './accounts.views.js'
import { TwoFactorSection, type TwoFactorView } from './two-factor.views.js'

/** What was typed in a refused API token form, shown again. */
export interface TypedToken {
  name: string
  roles: string[]
}

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
  typedToken: TypedToken
}) {
  const { ctx, csrf, problems } = props
  const { t } = ctx
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
                      <CsrfField token={csrf} />
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
                <CsrfField token={csrf} />
                <button type="submit" class="secondary">
                  {t('account.tokenRevoke')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form class="stack-form" method="post" action={href(ctx, '/account/tokens')}>
        <CsrfField token={csrf} />
        <TextInput
          ctx={ctx}
          id="tokenName"
          name="name"
          label={t('account.tokenName')}
          problems={problems}
          maxLength={100}
          required
          value={props.typedToken.name}
        />
        <Choices
          ctx={ctx}
          id="tokenRoles"
          name="roles"
          legend={t('account.tokenRoles')}
          problems={problems}
          options={props.roles.map((role) => ({ value: role, label: t(`role.${role}`) }))}
          chosen={props.typedToken.roles}
        />
        <button type="submit">{t('account.tokenCreate')}</button>
      </form>

      <h2 id="password-change">{t('account.passwordTitle')}</h2>
      <form class="stack-form" method="post" action={href(ctx, '/account/password')}>
        <CsrfField token={csrf} />
        <TextInput
          ctx={ctx}
          id="current"
          type="password"
          label={t('account.currentPassword')}
          problems={problems}
          autocomplete="current-password"
          required
          maxLength={1024}
        />
        <NewPasswordFields ctx={ctx} label={t('account.newPassword')} problems={problems} />
        <button type="submit">{t('account.passwordSave')}</button>
      </form>
    </>
  )
}
