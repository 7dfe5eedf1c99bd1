import type { Kysely, Selectable } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { NameLocale } from '../../lib/i18n.js'
import { ratingsAsOf, type RatingAsOf } from '../ratings/ratings.queries.js'

export interface Country {
  code: string
  alpha2: string | null
  numeric: string | null
  slug: string
  names: Record<NameLocale, string>
  region: string
  subregion: string | null
  latitude: number
  longitude: number
  areaKm2: number | null
  population: { value: number; year: number | null; source: string | null } | null
}

export interface CountryWithRating extends Country {
  rating: RatingAsOf | null
}

const columns = [
  'code',
  'alpha2',
  'numeric',
  'slug',
  'names',
  'region',
  'subregion',
  'latitude',
  'longitude',
  'area_km2',
  'population',
  'population_year',
  'population_source',
] as const

type Row = Pick<Selectable<DB['countries']>, (typeof columns)[number]>

function toCountry(row: Row): Country {
  return {
    code: row.code,
    alpha2: row.alpha2,
    numeric: row.numeric,
    slug: row.slug,
    names: row.names,
    region: row.region,
    subregion: row.subregion,
    latitude: row.latitude,
    longitude: row.longitude,
    areaKm2: row.area_km2,
    population: row.population === null ? null : { value: row.population, year: row.population_year, source: row.population_source },
  }
}

export async function listCountries(db: Kysely<DB>): Promise<Country[]> {
  const rows = await db.selectFrom('countries').select(columns).orderBy('code').execute()
  return rows.map(toCountry)
}

/** Looks a country up by its alpha-3 code, any case. */
export async function findCountryByCode(db: Kysely<DB>, code: string): Promise<Country | undefined> {
  const row = await db.selectFrom('countries').select(columns).where('code', '=', code.toUpperCase()).executeTakeFirst()
  return row && toCountry(row)
}

export async function findCountryBySlug(db: Kysely<DB>, slug: string): Promise<Country | undefined> {
  const row = await db.selectFrom('countries').select(columns).where('slug', '=', slug).executeTakeFirst()
  return row && toCountry(row)
}

/** Every monitored country with the rating in force on `date` (null when it has none). */
export async function countriesWithRatings(db: Kysely<DB>, date: string): Promise<CountryWithRating[]> {
  const [countries, ratings] = await Promise.all([listCountries(db), ratingsAsOf(db, date)])
  const byCode = new Map(ratings.map((r) => [r.countryCode, r]))
  return countries.map((country) => ({ ...country, rating: byCode.get(country.code) ?? null }))
}
