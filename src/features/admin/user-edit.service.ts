import type { Kysely } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB, Role } from '../../db/schema.js'
import { requiresTwoFactor } from '../../lib/policies.js'
import type { FormProblem } from '../../lib/errors.js'
import { endAllSessions } from '../accounts/sessions.js'
import { rolesAndCountries } from '../accounts/users.queries.js'

/**
 * An administrator changes someone's account: name, roles, organisation, countries, or turns it
 * off. A change of privilege (roles, countries, organisation, status) signs the person out
 * everywhere, so no session keeps rights it no longer has or was granted without a new sign-in.
 * Disabling also revokes the person's API tokens.
 */
export interface AccountChange {
  name: string
  roles: Role[]
  organisationId: number | null
  countries: string[]
  disabled: boolean
}

export interface EditableUser extends AccountChange {
  id: number
  email: string
  status: 'invited' | 'active' | 'disabled'
  twoFactor: boolean
  /** Whether the person has chosen a password (finished setting up). */
  setUp: boolean
}

export async function loadEditableUser(db: Kysely<DB>, id: number): Promise<EditableUser | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'organisation_id', 'status', 'totp_secret', 'password_hash'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!user) return null
  return {
    id: user.id,
    email: user.email,
    name: user.display_name,
    organisationId: user.organisation_id,
    ...(await rolesAndCountries(db, id)),
    disabled: user.status === 'disabled',
    status: user.status,
    twoFactor: user.totp_secret !== null,
    setUp: user.password_hash !== null,
  }
}

/** Rules about who the change is for: nobody locks themselves out; staff roles need an authenticator. */
export function changeProblems(target: EditableUser, change: AccountChange, actorUserId: number): FormProblem[] {
  const problems: FormProblem[] = []
  if (target.id === actorUserId && (!change.roles.includes('admin') || change.disabled)) {
    problems.push({ field: 'roles', message: 'users.notYourself' })
  }
  if (target.status === 'active' && !target.twoFactor && requiresTwoFactor(change.roles) && !change.disabled) {
    problems.push({ field: 'roles', message: 'users.needsTwoFactor' })
  }
  return problems
}

/** Applies the change in one transaction; returns how many sessions of the person were ended. */
export async function changeAccount(
  db: Kysely<DB>,
  target: EditableUser,
  change: AccountChange,
  context: { actor: Actor; now: Date },
): Promise<number> {
  const countries = change.roles.includes('researcher') ? [...new Set(change.countries)].sort() : []
  const privilegeChanged =
    change.disabled !== target.disabled ||
    change.organisationId !== target.organisationId ||
    [...change.roles].sort().join() !== [...target.roles].sort().join() ||
    countries.join() !== target.countries.join()
  const status = change.disabled ? 'disabled' : target.status === 'disabled' ? (target.setUp ? 'active' : 'invited') : target.status
  return withActor(db, context.actor, async (trx) => {
    await trx
      .updateTable('users')
      .set({ display_name: change.name, organisation_id: change.organisationId, status, updated_at: context.now })
      .where('id', '=', target.id)
      .execute()
    if (!privilegeChanged) return 0
    // A disabled account may have been taken over: its API tokens end for good, not just while disabled.
    if (change.disabled && !target.disabled)
      await trx
        .updateTable('api_tokens')
        .set({ revoked_at: context.now })
        .where('user_id', '=', target.id)
        .where('revoked_at', 'is', null)
        .execute()
    await trx.deleteFrom('user_roles').where('user_id', '=', target.id).where('role', 'not in', change.roles).execute()
    const added = change.roles.filter((role) => !target.roles.includes(role))
    if (added.length > 0)
      await trx
        .insertInto('user_roles')
        .values(added.map((role) => ({ user_id: target.id, role })))
        .execute()
    await trx.deleteFrom('researcher_countries').where('user_id', '=', target.id).execute()
    if (countries.length > 0)
      await trx
        .insertInto('researcher_countries')
        .values(countries.map((country_code) => ({ user_id: target.id, country_code })))
        .execute()
    return endAllSessions(trx, target.id)
  })
}
