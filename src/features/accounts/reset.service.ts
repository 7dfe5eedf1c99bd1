import type { Kysely } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { enqueueMail } from '../mail/outbox.js'
import { hashPassword } from './password.js'
import { newToken, sha256 } from '../../lib/secrets.js'
import { endAllSessions } from './sessions.js'
import { spendToken } from './setup.service.js'

/**
 * Password reset: a single-use link valid for one hour, sent only to an active account, while
 * the page says the same thing whether or not the address has one. The new password also
 * needs the authenticator code when the account has one: a mailbox alone never takes over a
 * two-factor account. A reset ends every session of the account.
 */
export const RESET_LINK_MS = 60 * 60 * 1000
export const MAX_LIVE_LINKS = 3

export async function requestReset(
  db: Kysely<DB>,
  email: string,
  context: { now: Date; ip: string; linkFor: (token: string) => string },
): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name'])
    .where('email', '=', email.trim().toLowerCase())
    .where('status', '=', 'active')
    .executeTakeFirst()
  if (!user) return
  // A mailbox is not flooded: while MAX_LIVE_LINKS links are unused and valid, no new one is sent.
  const live = await db
    .selectFrom('account_tokens')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', user.id)
    .where('purpose', '=', 'reset')
    .where('used_at', 'is', null)
    .where('expires_at', '>', context.now)
    .executeTakeFirstOrThrow()
  if (Number(live.n) >= MAX_LIVE_LINKS) return
  const token = newToken()
  await withActor(db, { name: 'anonymous:reset-request', ip: context.ip }, async (trx) => {
    await trx
      .insertInto('account_tokens')
      .values({
        token_hash: sha256(token),
        user_id: user.id,
        purpose: 'reset',
        expires_at: new Date(context.now.getTime() + RESET_LINK_MS),
      })
      .execute()
    await enqueueMail(trx, {
      to: user.email,
      subject: 'Reset your Civic Monitor password',
      body: [
        `Hello ${user.display_name},`,
        '',
        'Someone asked to reset the password of your Civic Monitor account. To choose a new one, open this link within one hour:',
        '',
        context.linkFor(token),
        '',
        'If it was not you, ignore this message: your password stays as it is.',
      ].join('\n'),
    })
  })
}

export interface ResetTarget {
  userId: number
  email: string
  totpSecret: string | null
  totpLastStep: number | null
}

export async function openResetLink(db: Kysely<DB>, token: string, now: Date): Promise<ResetTarget | null> {
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select(['users.id', 'users.email', 'users.totp_secret', 'users.totp_last_step'])
    .where('account_tokens.token_hash', '=', sha256(token))
    .where('account_tokens.purpose', '=', 'reset')
    .where('account_tokens.used_at', 'is', null)
    .where('account_tokens.expires_at', '>', now)
    .where('users.status', '=', 'active')
    .executeTakeFirst()
  return row ? { userId: row.id, email: row.email, totpSecret: row.totp_secret, totpLastStep: row.totp_last_step } : null
}

/** What the reset form asks of an account: the new password, and a current code when it has an authenticator. */
export function resetAccount(target: ResetTarget) {
  return { email: target.email, totpSecret: target.totpSecret, lastStep: target.totpLastStep }
}

/** Sets the password and the code's time step that checkNewPasswordForm accepted, and ends every session. */
export async function completeReset(
  db: Kysely<DB>,
  token: string,
  target: ResetTarget,
  checked: { password: string; step: number | null },
  context: { now: Date; ip: string },
): Promise<void> {
  const passwordHash = await hashPassword(checked.password)
  await withActor(db, { name: `user:${target.userId}`, ip: context.ip }, async (trx) => {
    await spendToken(trx, token, context.now)
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, totp_last_step: checked.step, updated_at: context.now })
      .where('id', '=', target.userId)
      .execute()
    await endAllSessions(trx, target.userId)
  })
}
