import type { Kysely } from 'kysely'
import type { DB, Role } from '../../src/db/schema.js'
import { hashPassword } from '../../src/features/accounts/password.js'
import { newTotpSecret } from '../../src/features/accounts/totp.js'
import type { Category } from '../../src/features/ratings/scale.js'

/**
 * Test data is visibly fictional: countries with user-assigned codes (XA…) and invented names,
 * so no test ever states something about a real country.
 */
let counter = 0

export async function createCountry(db: Kysely<DB>, overrides: { code?: string; name?: string; population?: number } = {}) {
  counter += 1
  const letter = String.fromCharCode(65 + (counter % 26))
  const code = overrides.code ?? `XQ${letter}`
  const name = overrides.name ?? `Fictional Arcadia ${code}`
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-')
  await db
    .insertInto('countries')
    .values({
      code,
      alpha2: null,
      numeric: null,
      slug,
      names: JSON.stringify({ en: name, ru: `Вымышленная Аркадия ${code}`, es: name, fr: name, ar: name }),
      region: 'Europe',
      subregion: 'Northern Europe',
      latitude: 60,
      longitude: 10,
      area_km2: 1000,
      population: overrides.population ?? 1000,
      population_year: 2020,
      population_source: 'fictional test data',
    })
    .execute()
  return { code, name, slug }
}

export async function rateCountry(db: Kysely<DB>, code: string, category: Category, date: string, score: number | null = null) {
  await db
    .insertInto('ratings')
    .values({ country_code: code, category, score, effective_date: date, source: 'fictional test data' })
    .execute()
}

export interface TestUser {
  id: number
  email: string
  password: string
  totpSecret: string | null
}

/** An active user with a known password (and TOTP secret for staff), fictional by name. */
export async function createUser(db: Kysely<DB>, options: { roles: Role[]; email?: string; withTotp?: boolean }): Promise<TestUser> {
  counter += 1
  const email = options.email ?? `fictional.user${counter}.${Date.now()}@example.org`
  const password = 'a fictional long passphrase'
  const totpSecret = (options.withTotp ?? options.roles.some((r) => r !== 'journalist')) ? newTotpSecret() : null
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: `Fictional User ${counter}`,
      status: 'active',
      password_hash: await hashPassword(password),
      totp_secret: totpSecret,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  if (options.roles.length > 0)
    await db
      .insertInto('user_roles')
      .values(options.roles.map((role) => ({ user_id: user.id, role })))
      .execute()
  return { id: user.id, email, password, totpSecret }
}
