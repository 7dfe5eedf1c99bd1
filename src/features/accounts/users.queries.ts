import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema.js'
import type { CurrentUser } from '../../lib/policies.js'

/** A user as the rest of the app sees them: no secrets. */
export async function loadUser(db: Kysely<DB>, userId: number): Promise<CurrentUser | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'organisation_id'])
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst()
  if (!user) return null
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    organisationId: user.organisation_id,
    ...(await rolesAndCountries(db, userId)),
  }
}

/** A user's roles and, for researchers, assigned countries (alpha-3), both sorted. */
export async function rolesAndCountries(db: Kysely<DB>, userId: number): Promise<{ roles: Role[]; countries: string[] }> {
  const [roles, countries] = await Promise.all([
    db.selectFrom('user_roles').select('role').where('user_id', '=', userId).orderBy('role').execute(),
    db.selectFrom('researcher_countries').select('country_code').where('user_id', '=', userId).orderBy('country_code').execute(),
  ])
  return { roles: roles.map((r) => r.role), countries: countries.map((c) => c.country_code) }
}

export interface Credentials {
  id: number
  email: string
  status: 'invited' | 'active' | 'disabled'
  passwordHash: string | null
  totpSecret: string | null
  totpLastStep: number | null
  roles: Role[]
}

/** What sign-in needs, secrets included: never leaves the accounts feature. */
export async function findCredentials(db: Kysely<DB>, email: string): Promise<Credentials | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'status', 'password_hash', 'totp_secret', 'totp_last_step'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst()
  if (!user) return null
  const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
  return {
    id: user.id,
    email: user.email,
    status: user.status,
    passwordHash: user.password_hash,
    totpSecret: user.totp_secret,
    totpLastStep: user.totp_last_step,
    roles: roles.map((r) => r.role),
  }
}
