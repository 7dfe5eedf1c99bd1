import type { Kysely } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { enqueueMail } from '../mail/outbox.js'
import { hashPassword } from './password.js'
import { newToken, sha256 } from '../../lib/secrets.js'
import { endAllSessions } from './sessions.js'
import { checkTotp } from './totp.js'
import { newPasswordProblems, spendToken, type SetupProblem } from './setup.service.js'

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

export async function completeReset(
  db: Kysely<DB>,
  token: string,
  target: ResetTarget,
  input: { password: string; confirm: string; code: string },
  context: { now: Date; ip: string },
): Promise<{ ok: true } | { ok: false; problems: SetupProblem[] }> {
  const problems = newPasswordProblems(input.password, input.confirm, target.email)
  let step: number | null = target.totpLastStep
  if (target.totpSecret) {
    const totp = await checkTotp(target.totpSecret, input.code, { now: context.now, lastStep: target.totpLastStep })
    if (totp.ok) step = totp.step
    else problems.push({ field: 'code', problem: totp.reason })
  }
  if (problems.length > 0) return { ok: false, problems }
  const passwordHash = await hashPassword(input.password)
  const done = await withActor(db, { name: `user:${target.userId}`, ip: context.ip }, async (trx) => {
    if (!(await spendToken(trx, token, context.now))) return false
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, totp_last_step: step, updated_at: context.now })
      .where('id', '=', target.userId)
      .execute()
    await endAllSessions(trx, target.userId)
    return true
  })
  return done ? { ok: true } : { ok: false, problems: [{ field: 'code', problem: 'replayed' }] }
}
