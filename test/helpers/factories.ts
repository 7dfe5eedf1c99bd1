import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
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
