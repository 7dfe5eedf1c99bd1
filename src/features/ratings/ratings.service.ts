import type { Kysely } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { parseRatingsCsv, type LineProblem, type RatingRow } from './ratings.import.js'

export interface ImportOutcome {
  /** Ratings written; 0 whenever `errors` is not empty (all-or-nothing). */
  inserted: number
  errors: LineProblem[]
  skipped: LineProblem[]
}

/** Checks every line of a ratings CSV, then writes all of them in one transaction, or none. */
export async function importRatings(
  db: Kysely<DB>,
  text: string,
  options: { today: string; defaultSource: string; actor: Actor },
): Promise<ImportOutcome> {
  return withActor(db, options.actor, async (trx) => {
    const countries = await trx.selectFrom('countries').select(['code', 'alpha2']).execute()
    const byCode = new Map<string, string>()
    for (const { code, alpha2 } of countries) {
      byCode.set(code, code)
      if (alpha2) byCode.set(alpha2, code)
    }
    const existing = new Set(
      (await trx.selectFrom('ratings').select(['country_code', 'effective_date']).execute()).map(
        (r) => `${r.country_code} ${r.effective_date}`,
      ),
    )
    const parsed = parseRatingsCsv(
      text,
      {
        resolve: (code) => byCode.get(code.toUpperCase()),
        hasRating: (code, date) => existing.has(`${code} ${date}`),
      },
      options.today,
      options.defaultSource,
    )
    if (parsed.errors.length > 0) return { inserted: 0, errors: parsed.errors, skipped: parsed.skipped }
    await insertRatings(trx, parsed.rows)
    return { inserted: parsed.rows.length, errors: [], skipped: parsed.skipped }
  })
}

async function insertRatings(trx: Kysely<DB>, rows: RatingRow[]): Promise<void> {
  const BATCH = 500
  for (let start = 0; start < rows.length; start += BATCH) {
    await trx
      .insertInto('ratings')
      .values(
        rows.slice(start, start + BATCH).map((row) => ({
          country_code: row.countryCode,
          category: row.category,
          score: row.score,
          effective_date: row.effectiveDate,
          source: row.source,
        })),
      )
      .execute()
  }
}
