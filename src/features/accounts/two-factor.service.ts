import type { Kysely, Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { conflict, refused, type FormProblem } from '../../lib/errors.js'
import { verifyPassword } from './password.js'
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js'
import { sha256 } from '../../lib/secrets.js'
import { endAllSessions } from './sessions.js'
import { checkTotp, newTotpSecret } from './totp.js'

/**
 * Managing the second factor from the account page. A new authenticator is enrolled in two
 * steps: the current password starts it (a borrowed, unlocked browser is not enough), a code
 * from the new device finishes it. Until then the old authenticator keeps working. Finishing
 * replaces the recovery codes and signs out every other session. A wrong password or code is
 * refused (422) on its field of the account page.
 */
export type TwoFactorState = { enrolled: boolean; codesLeft: number; pending: string | null }
type Actor = { userId: number; ip: string; now: Date }

export async function twoFactorState(db: Kysely<DB>, userId: number): Promise<TwoFactorState> {
  const user = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_pending_secret'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow()
  const row = await db
    .selectFrom('recovery_codes')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow()
  return { enrolled: user.totp_secret !== null, codesLeft: Number(row.n), pending: user.totp_pending_secret }
}

/** Step one: a pending secret, after the current password. */
export async function startEnrolment(db: Kysely<DB>, password: string, actor: Actor): Promise<void> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', actor.userId).executeTakeFirstOrThrow()
  if (!user.password_hash || !(await verifyPassword(user.password_hash, password))) {
    throw refuse({ field: 'twoFactorPassword', message: 'account.currentWrong' })
  }
  await withActor(db, { name: `user:${actor.userId}`, ip: actor.ip }, (trx) =>
    trx.updateTable('users').set({ totp_pending_secret: newTotpSecret(), updated_at: actor.now }).where('id', '=', actor.userId).execute(),
  )
}

export async function cancelEnrolment(db: Kysely<DB>, actor: Actor): Promise<void> {
  await withActor(db, { name: `user:${actor.userId}`, ip: actor.ip }, (trx) =>
    trx.updateTable('users').set({ totp_pending_secret: null }).where('id', '=', actor.userId).execute(),
  )
}

/**
 * Step two: a code from the new authenticator makes it the one in use. Returns the new recovery
 * codes; with no enrolment pending (cancelled or finished elsewhere), a conflict `no_enrolment`.
 */
export async function confirmEnrolment(db: Kysely<DB>, code: string, actor: Actor): Promise<string[]> {
  const user = await db.selectFrom('users').select('totp_pending_secret').where('id', '=', actor.userId).executeTakeFirstOrThrow()
  const secret = user.totp_pending_secret
  if (!secret) throw conflict(NO_ENROLMENT, 'No new authenticator is waiting to be confirmed.')
  const check = await checkTotp(secret, code, { now: actor.now, lastStep: null })
  if (!check.ok) throw codeRefused(check.reason)
  const codes = newRecoveryCodes()
  const done = await withActor(db, { name: `user:${actor.userId}`, ip: actor.ip }, async (trx) => {
    // Conditional on the same pending secret: a double submit swaps the device once.
    const swapped = await trx
      .updateTable('users')
      .set({ totp_secret: secret, totp_pending_secret: null, totp_last_step: check.step, updated_at: actor.now })
      .where('id', '=', actor.userId)
      .where('totp_pending_secret', '=', secret)
      .executeTakeFirst()
    if (Number(swapped.numUpdatedRows) !== 1) return false
    await storeRecoveryCodes(trx, actor.userId, codes)
    await endAllSessions(trx, actor.userId)
    return true
  })
  if (!done) throw codeRefused('replayed')
  return codes
}

export const NO_ENROLMENT = 'no_enrolment'
const refuse = (problem: FormProblem) => refused(problem, 422)
const codeRefused = (reason: 'wrong' | 'replayed') => refuse({ field: 'code', message: `code.${reason}` })

/** New recovery codes, confirmed by a current TOTP code (accepted once). */
export async function replaceRecoveryCodes(db: Kysely<DB>, code: string, actor: Actor): Promise<string[]> {
  const user = await db
    .selectFrom('users')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', actor.userId)
    .executeTakeFirstOrThrow()
  if (!user.totp_secret) throw codeRefused('wrong')
  const check = await checkTotp(user.totp_secret, code, { now: actor.now, lastStep: user.totp_last_step })
  if (!check.ok) throw codeRefused('wrong')
  const codes = newRecoveryCodes()
  const done = await withActor(db, { name: `user:${actor.userId}`, ip: actor.ip }, async (trx) => {
    const claimed = await trx
      .updateTable('users')
      .set({ totp_last_step: check.step })
      .where('id', '=', actor.userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', check.step)]))
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) return false
    await storeRecoveryCodes(trx, actor.userId, codes)
    return true
  })
  if (!done) throw codeRefused('wrong')
  return codes
}

/** Replaces all of a user's recovery codes; only their hashes are kept. */
export async function storeRecoveryCodes(trx: Transaction<DB>, userId: number, codes: string[]): Promise<void> {
  await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute()
  if (codes.length === 0) return
  await trx
    .insertInto('recovery_codes')
    .values(codes.map((code) => ({ user_id: userId, code_hash: sha256(normaliseRecoveryCode(code)), used_at: null })))
    .execute()
}
