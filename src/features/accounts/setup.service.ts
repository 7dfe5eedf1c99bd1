import type { Kysely, Transaction } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB, Role } from '../../db/schema.js'
import { requiresTwoFactor } from '../../lib/policies.js'
import { hashPassword } from './password.js'
import { newRecoveryCodes } from './recovery-codes.js'
import { newToken, sha256 } from '../../lib/secrets.js'
import { storeRecoveryCodes } from './two-factor.service.js'
import { newTotpSecret } from './totp.js'
import { conflict, refused } from '../../lib/errors.js'

/**
 * Accounts start as an invitation: a user with no password and a one-time set-up link valid
 * for 24 hours. Following it, the person chooses a password and, for staff, enrols an
 * authenticator; only then is the account active.
 */
export const SETUP_LINK_MS = 24 * 60 * 60 * 1000

export async function inviteUser(
  db: Kysely<DB>,
  input: { email: string; displayName: string; roles: Role[]; organisationId?: number | null },
  context: { actor: Actor; now: Date; countries?: string[]; notify?: (trx: Transaction<DB>, token: string) => Promise<unknown> },
): Promise<{ userId: number; token: string; resent: boolean }> {
  const email = input.email.trim().toLowerCase()
  return withActor(db, context.actor, async (trx) => {
    const existing = await trx.selectFrom('users').select(['id', 'status']).where('email', '=', email).executeTakeFirst()
    if (existing && existing.status !== 'invited') throw conflict('duplicate_email', `An account with the address ${email} already exists.`)
    if (existing) {
      // Not set up yet (the link may have expired): a fresh link replaces every earlier one.
      await trx
        .updateTable('account_tokens')
        .set({ used_at: context.now })
        .where('user_id', '=', existing.id)
        .where('purpose', '=', 'setup')
        .where('used_at', 'is', null)
        .execute()
      const token = await issueSetupToken(trx, existing.id, context.now)
      await context.notify?.(trx, token)
      return { userId: existing.id, token, resent: true }
    }
    const user = await trx
      .insertInto('users')
      .values({ email, display_name: input.displayName, status: 'invited', organisation_id: input.organisationId ?? null })
      .returning('id')
      .executeTakeFirstOrThrow()
    if (input.roles.length > 0)
      await trx
        .insertInto('user_roles')
        .values(input.roles.map((role) => ({ user_id: user.id, role })))
        .execute()
    const token = await issueSetupToken(trx, user.id, context.now)
    if (context.countries?.length) {
      await trx
        .insertInto('researcher_countries')
        .values(context.countries.map((country_code) => ({ user_id: user.id, country_code })))
        .execute()
    }
    // The invitation e-mail joins the same transaction: no account without its message, and back.
    await context.notify?.(trx, token)
    return { userId: user.id, token, resent: false }
  })
}

export interface SetupTarget {
  userId: number
  email: string
  displayName: string
  twoFactor: boolean
  /** Generated when the link is first opened, kept until set-up completes. */
  totpSecret: string | null
}

/** The invitation behind a set-up link, or null when the link is unknown, used or expired. */
export async function openSetupLink(db: Kysely<DB>, token: string, now: Date): Promise<SetupTarget | null> {
  const row = await db
    .selectFrom('account_tokens')
    .innerJoin('users', 'users.id', 'account_tokens.user_id')
    .select(['users.id', 'users.email', 'users.display_name', 'users.totp_secret', 'users.status'])
    .where('account_tokens.token_hash', '=', sha256(token))
    .where('account_tokens.purpose', '=', 'setup')
    .where('account_tokens.used_at', 'is', null)
    .where('account_tokens.expires_at', '>', now)
    .executeTakeFirst()
  if (!row || row.status !== 'invited') return null
  const roles = (await db.selectFrom('user_roles').select('role').where('user_id', '=', row.id).execute()).map((r) => r.role)
  const twoFactor = requiresTwoFactor(roles)
  let totpSecret = row.totp_secret
  if (twoFactor && !totpSecret) {
    totpSecret = newTotpSecret()
    await withActor(db, { name: `user:${row.id}` }, (trx) =>
      trx.updateTable('users').set({ totp_secret: totpSecret }).where('id', '=', row.id).execute(),
    )
  }
  return { userId: row.id, email: row.email, displayName: row.display_name, twoFactor, totpSecret }
}

/** What the set-up form asks of an account: the new password, and a code when it enrols an authenticator. */
export function setupAccount(target: SetupTarget) {
  return { email: target.email, totpSecret: target.twoFactor ? target.totpSecret : null, lastStep: null }
}

/**
 * Activates the account with the password and the code's time step that checkNewPasswordForm
 * accepted, and returns its recovery codes.
 */
export async function completeSetup(
  db: Kysely<DB>,
  token: string,
  target: SetupTarget,
  checked: { password: string; step: number | null },
  context: { now: Date; ip: string },
): Promise<string[]> {
  const passwordHash = await hashPassword(checked.password)
  const recoveryCodes = target.twoFactor ? newRecoveryCodes() : []
  await withActor(db, { name: `user:${target.userId}`, ip: context.ip }, async (trx) => {
    await spendToken(trx, token, context.now)
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, status: 'active', totp_last_step: checked.step, updated_at: context.now })
      .where('id', '=', target.userId)
      .execute()
    await storeRecoveryCodes(trx, target.userId, recoveryCodes)
  })
  return recoveryCodes
}

/**
 * Marks a one-time link used, single use even under a double submit: only one request can, the
 * other is refused (422) as a code already used, and its transaction changes nothing.
 */
export async function spendToken(trx: Transaction<DB>, token: string, now: Date): Promise<void> {
  const spent = await trx
    .updateTable('account_tokens')
    .set({ used_at: now })
    .where('token_hash', '=', sha256(token))
    .where('used_at', 'is', null)
    .executeTakeFirst()
  if (Number(spent.numUpdatedRows) !== 1) throw refused({ field: 'code', message: 'code.replayed' }, 422)
}

async function issueSetupToken(trx: Transaction<DB>, userId: number, now: Date): Promise<string> {
  const token = newToken()
  await trx
    .insertInto('account_tokens')
    .values({ token_hash: sha256(token), user_id: userId, purpose: 'setup', expires_at: new Date(now.getTime() + SETUP_LINK_MS) })
    .execute()
  return token
}
