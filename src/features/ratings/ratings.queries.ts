import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Category } from './scale.js'

export interface RatingAsOf {
  countryCode: string
  category: Category
  score: number | null
  since: string
  /** The published rating decision that made it, if one did. */
  decisionId?: number | null
}

/** Each country's rating in force on `date`: its latest rating effective on or before that day. */
export async function ratingsAsOf(db: Kysely<DB>, date: string): Promise<RatingAsOf[]> {
  const rows = await db
    .selectFrom('ratings')
    .distinctOn('country_code')
    .select(['country_code', 'category', 'score', 'effective_date'])
    .where('effective_date', '<=', sql<string>`${date}::date`)
    .orderBy('country_code')
    .orderBy('effective_date', 'desc')
    .execute()
  return rows.map((r) => ({ countryCode: r.country_code, category: r.category, score: r.score, since: r.effective_date }))
}

/**
 * The codes of every monitored country, in order: the ratings API names those without a rating.
 * Read here rather than through countries.queries, because countries build on ratings (decision 013).
 */
export async function monitoredCountryCodes(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('countries').select('code').orderBy('code').execute()
  return rows.map((r) => r.code)
}

export interface RatingHistoryEntry {
  category: Category
  score: number | null
  since: string
  source: string
  /** The published rating decision that made this rating, if one did. */
  decisionId: number | null
}

/** A country's ratings, newest first. */
export async function ratingHistory(db: Kysely<DB>, countryCode: string): Promise<RatingHistoryEntry[]> {
  const rows = await db
    .selectFrom('ratings')
    .select(['category', 'score', 'effective_date', 'source', 'decision_id'])
    .where('country_code', '=', countryCode)
    .orderBy('effective_date', 'desc')
    .execute()
  return rows.map((r) => ({
    category: r.category,
    score: r.score,
    since: r.effective_date,
    source: r.source,
    decisionId: r.decision_id === null ? null : Number(r.decision_id),
  }))
}

export async function firstRatingDate(db: Kysely<DB>): Promise<string | null> {
  const row = await db
    .selectFrom('ratings')
    .select((eb) => eb.fn.min('effective_date').as('first'))
    .executeTakeFirst()
  return (row?.first as string | null | undefined) ?? null
}

/** One country's rating in force on `date`, if any. */
export async function ratingOf(db: Kysely<DB>, countryCode: string, date: string): Promise<RatingAsOf | null> {
  const row = await db
    .selectFrom('ratings')
    .select(['category', 'score', 'effective_date', 'decision_id'])
    .where('country_code', '=', countryCode)
    .where('effective_date', '<=', sql<string>`${date}::date`)
    .orderBy('effective_date', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row
    ? {
        countryCode,
        category: row.category,
        score: row.score,
        since: row.effective_date,
        decisionId: row.decision_id === null ? null : Number(row.decision_id),
      }
    : null
}
