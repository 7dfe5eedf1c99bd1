import { sql, type Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { NameLocale } from '../../lib/i18n.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import type { Direction } from './findings.stats.js'

/**
 * The log of rating changes: a rating whose category differs from the same country's previous
 * rating. A country's first rating is a baseline, not a change; a new rating in the same
 * category (a new score, say) is not a change either. Only ratings in force by `until` count,
 * so a rating dated in the future stays out until its day.
 */
export interface RatingChange {
  date: string
  countryCode: string
  slug: string
  names: Record<NameLocale, string>
  region: string
  from: Category
  to: Category
  fromScore: number | null
  toScore: number | null
  direction: Direction
  decisionId: number | null
}

export interface ChangeFilter {
  year?: number
  region?: string
  direction?: Direction
}

interface Row {
  effective_date: string
  country_code: string
  slug: string
  names: Record<NameLocale, string>
  region: string
  from_category: Category
  category: Category
  from_score: number | null
  score: number | null
  direction: Direction
  decision_id: number | string | null
  total: number | string
}

const ORDER = sql`array[${sql.join(CATEGORIES.map((c) => sql.lit(c)))}]::text[]`

export async function listRatingChanges(
  db: Kysely<DB>,
  options: ChangeFilter & { until: string; limit?: number; offset?: number },
): Promise<{ changes: RatingChange[]; total: number }> {
  const conditions = [sql`true`]
  if (options.year !== undefined) {
    conditions.push(sql`c.effective_date between ${`${options.year}-01-01`}::date and ${`${options.year}-12-31`}::date`)
  }
  if (options.region !== undefined) conditions.push(sql`countries.region = ${options.region}`)
  if (options.direction !== undefined) conditions.push(sql`c.direction = ${options.direction}`)
  const { rows } = await sql<Row>`
    with ordered as (
      select r.country_code, r.effective_date, r.category, r.score, r.decision_id,
        lag(r.category) over w as from_category, lag(r.score) over w as from_score
      from ratings r
      where r.effective_date <= ${options.until}::date
      window w as (partition by r.country_code order by r.effective_date)
    ), c as (
      select ordered.*,
        case when array_position(${ORDER}, ordered.category::text) < array_position(${ORDER}, ordered.from_category::text)
          then 'upgrade' else 'downgrade' end as direction
      from ordered
      where ordered.from_category is not null and ordered.from_category <> ordered.category
    )
    select c.effective_date, c.country_code, countries.slug, countries.names, countries.region,
      c.from_category, c.category, c.from_score, c.score, c.direction, c.decision_id,
      count(*) over () as total
    from c join countries on countries.code = c.country_code
    where ${sql.join(conditions, sql` and `)}
    order by c.effective_date desc, countries.slug
    limit ${options.limit ?? 10_000} offset ${options.offset ?? 0}
  `.execute(db)
  // Past the last page there is no row to carry the total: count from the start.
  if (rows.length === 0 && (options.offset ?? 0) > 0) {
    const { total } = await listRatingChanges(db, { ...options, limit: 1, offset: 0 })
    return { changes: [], total }
  }
  return {
    total: rows[0] ? Number(rows[0].total) : 0,
    changes: rows.map((r) => ({
      date: r.effective_date,
      countryCode: r.country_code,
      slug: r.slug,
      names: r.names,
      region: r.region,
      from: r.from_category,
      to: r.category,
      fromScore: r.from_score,
      toScore: r.score,
      direction: r.direction,
      decisionId: r.decision_id === null ? null : Number(r.decision_id),
    })),
  }
}

/** The regions countries belong to (countries.region), for the filter. */
export async function listRegions(db: Kysely<DB>): Promise<string[]> {
  const rows = await db.selectFrom('countries').select('region').distinct().orderBy('region').execute()
  return rows.map((r) => r.region)
}
