import type { Kysely } from 'kysely'
import type { DB, Role } from '../../src/db/schema.js'
import { hashPassword } from '../../src/features/accounts/password.js'
import { newTotpSecret } from '../../src/features/accounts/totp.js'
import type { Category } from '../../src/features/ratings/scale.js'
import type { CurrentUser } from '../../src/lib/policies.js'

/**
 * Test data is visibly fictional: countries with user-assigned codes (XA…) and invented names,
 * so no test ever states something about a real country.
 */
let counter = 0

/** Each test file starts the fictional codes from XQB again, as if its modules were fresh (test/setup/per-file.ts). */
export function resetFactoryCounter(): void {
  counter = 0
}

/** One real argon2id hash of the factories' password per worker: hashing at production cost is slow by design. */
const FACTORY_PASSWORD = 'a fictional long passphrase'
let factoryHash: Promise<string> | undefined

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
  const password = FACTORY_PASSWORD
  const totpSecret = (options.withTotp ?? options.roles.some((r) => r !== 'journalist')) ? newTotpSecret() : null
  const user = await db
    .insertInto('users')
    .values({
      email,
      display_name: `Fictional User ${counter}`,
      status: 'active',
      password_hash: await (factoryHash ??= hashPassword(password)),
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

/** A researcher assigned to the given countries. */
export async function createResearcher(db: Kysely<DB>, countries: string[]): Promise<TestUser> {
  const user = await createUser(db, { roles: ['researcher'] })
  await db
    .insertInto('researcher_countries')
    .values(countries.map((country_code) => ({ user_id: user.id, country_code })))
    .execute()
  return user
}

/** The id of a taxonomy term from the seed, by vocabulary and key. */
export async function termId(db: Kysely<DB>, vocabulary: string, key: string): Promise<number> {
  const row = await db
    .selectFrom('taxonomy_terms')
    .select('id')
    .where('vocabulary', '=', vocabulary as 'topic')
    .where('key', '=', key)
    .executeTakeFirstOrThrow()
  return row.id
}

/** A signed-in user as the policies see them, for pure tests of abilities. */
export function currentUser(roles: Role[], countries: string[] = []): CurrentUser {
  return { id: 1, email: 'fictional@example.org', displayName: 'Fictional', roles, organisationId: null, countries }
}
