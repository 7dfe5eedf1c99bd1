import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { HttpError, refused } from '../../lib/errors.js'
import { requiresTwoFactor } from '../../lib/policies.js'
import { burnPasswordCheck, verifyPassword } from './password.js'
import { normaliseRecoveryCode } from './recovery-codes.js'
import { sha256 } from '../../lib/secrets.js'
import { checkTotp } from './totp.js'
import { findCredentials } from './users.queries.js'

/**
 * Checks e-mail, password and second factor, with throttling per account and per IP that
 * grows with each failure. Every refusal looks the same whether or not the account exists:
 * same message, same work (a password hash is checked either way), same throttling. A refusal
 * is a `refused` error on the e-mail field: 401 `unauthorized`, or 429 `too_many_requests`
 * while throttled (retryAfterOf gives the seconds for the Retry-After header).
 */

/** Failures allowed before delays start: per account, and (higher: many readers share Tor exits) per IP. */
const FREE_FAILURES = { email: 4, ip: 20 }
const MAX_DELAY_S = 15 * 60
/** Failures older than this are forgotten. */
const WINDOW_MS = 24 * 60 * 60 * 1000

export async function signIn(
  db: Kysely<DB>,
  input: { email: string; password: string; code: string },
  context: { now: Date; ip: string },
): Promise<number> {
  const keys = [`email:${input.email.trim().toLowerCase()}`, `ip:${context.ip}`]
  const wait = await throttleWait(db, keys, context.now)
  if (wait > 0) throw refused({ field: 'email', message: 'auth.signIn.throttled', params: { seconds: wait } }, 429, 'too_many_requests')

  const user = await findCredentials(db, input.email)
  if (!user || user.status !== 'active' || !user.passwordHash) {
    await burnPasswordCheck(input.password)
    return fail(db, keys, context.now)
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) return fail(db, keys, context.now)
  if (user.totpSecret || requiresTwoFactor(user.roles)) {
    if (!user.totpSecret || !(await secondFactor(db, user.id, user.totpSecret, user.totpLastStep, input.code, context.now))) {
      return fail(db, keys, context.now)
    }
  }
  await db.deleteFrom('sign_in_failures').where('key', '=', keys[0]!).execute()
  return user.id
}

/** The seconds a throttled sign-in must wait (its Retry-After), or null for any other error. */
export function retryAfterOf(error: unknown): number | null {
  const seconds = error instanceof HttpError && error.statusCode === 429 ? error.problem?.params?.seconds : undefined
  return typeof seconds === 'number' ? seconds : null
}

/** A TOTP code (each accepted once) or an unused recovery code (then spent). */
async function secondFactor(
  db: Kysely<DB>,
  userId: number,
  secret: string,
  lastStep: number | null,
  code: string,
  now: Date,
): Promise<boolean> {
  const totp = await checkTotp(secret, code, { now, lastStep })
  if (totp.ok) {
    // Conditional update: two requests racing with the same code cannot both win.
    const updated = await db
      .updateTable('users')
      .set({ totp_last_step: totp.step })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', totp.step)]))
      .executeTakeFirst()
    return Number(updated.numUpdatedRows) === 1
  }
  const spent = await db
    .updateTable('recovery_codes')
    .set({ used_at: now })
    .where('user_id', '=', userId)
    .where('code_hash', '=', sha256(normaliseRecoveryCode(code)))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(spent.numUpdatedRows) === 1
}

/** Counts the failure against the account and the IP, then refuses with the one message. */
async function fail(db: Kysely<DB>, keys: string[], now: Date): Promise<never> {
  for (const key of keys) {
    await db
      .insertInto('sign_in_failures')
      .values({ key, failures: 1, last_failure_at: now })
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          failures: sql<number>`case when sign_in_failures.last_failure_at < ${new Date(now.getTime() - WINDOW_MS)} then 1 else sign_in_failures.failures + 1 end`,
          last_failure_at: now,
        }),
      )
      .execute()
  }
  throw refused({ field: 'email', message: 'auth.signIn.refused' }, 401, 'unauthorized')
}

/** Seconds to wait before the next attempt: 0 for the first few failures, then doubling. */
export async function throttleWait(db: Kysely<DB>, keys: string[], now: Date): Promise<number> {
  const rows = await db.selectFrom('sign_in_failures').select(['key', 'failures', 'last_failure_at']).where('key', 'in', keys).execute()
  let wait = 0
  for (const row of rows) {
    if (now.getTime() - row.last_failure_at.getTime() > WINDOW_MS) continue
    const delay = delayFor(row.failures, row.key.startsWith('ip:') ? 'ip' : 'email')
    const remaining = Math.ceil((row.last_failure_at.getTime() + delay * 1000 - now.getTime()) / 1000)
    wait = Math.max(wait, remaining)
  }
  return wait
}

export function delayFor(failures: number, kind: 'email' | 'ip'): number {
  const free = FREE_FAILURES[kind]
  if (failures <= free) return 0
  return Math.min(2 ** (failures - free), MAX_DELAY_S)
}
