import type { ColumnType, Generated } from 'kysely'
import type { Category } from '../features/ratings/scale.js'
import type { NameLocale } from '../lib/i18n.js'

/** The tables as Kysely sees them. Each migration that changes a table changes this file. */
export interface DB {
  countries: CountriesTable
  ratings: RatingsTable
  content_version: ContentVersionTable
}

export interface CountriesTable {
  /** ISO 3166-1 alpha-3; Kosovo uses the user-assigned XKX. */
  code: string
  alpha2: string | null
  numeric: string | null
  slug: string
  names: ColumnType<Record<NameLocale, string>, string, string>
  region: string
  subregion: string | null
  latitude: number
  longitude: number
  area_km2: number | null
  population: number | null
  population_year: number | null
  population_source: string | null
  created_at: Generated<Date>
}

export interface RatingsTable {
  id: Generated<number>
  country_code: string
  category: Category
  score: number | null
  /** 'YYYY-MM-DD': the rating holds from this date until the country's next rating. */
  effective_date: string
  source: string
  created_at: Generated<Date>
}

/** Bumped by triggers on every write to published content: render caches key on it. */
export interface ContentVersionTable {
  id: number
  version: number
}
