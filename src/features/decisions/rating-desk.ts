import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Breakdown } from '../methodology/engine.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { methodologyInForce } from '../methodology/methodology.queries.js'
import { computeScores, monthsBefore } from '../methodology/scores.service.js'
import { ratingsAsOf } from '../ratings/ratings.queries.js'
import { severity, type Category } from '../ratings/scale.js'

export interface ReviewFlag {
  countryCode: string
  published: { category: Category; score: number | null } | null
  computed: Breakdown
  /** Positive: the engine implies a better category than the published one. */
  steps: number
}

export interface Candidate {
  countryCode: string
  now: number
  before: number
  /** Points lost over the year (positive means a decline). */
  drop: number
  recentViolations: number
}

export interface RatingDesk {
  flags: ReviewFlag[]
  candidates: Candidate[]
}

/**
 * What the editors' dashboard needs from the engine: countries whose computed category differs
 * from the published rating (a review flag: nothing changes by itself), and the countries whose
 * computed score fell fastest over the last year (watchlist candidates).
 */
export async function ratingDesk(db: Kysely<DB>, config: MethodologyConfig, today: string, limit = 10): Promise<RatingDesk> {
  const yearAgo = monthsBefore(today, 12)
  const [scores, ratings] = await Promise.all([computeScores(db, config, [today, yearAgo]), ratingsAsOf(db, today)])
  const published = new Map(ratings.map((r) => [r.countryCode, r]))
  const flags: ReviewFlag[] = []
  const candidates: Candidate[] = []
  for (const [code, computed] of scores.get(today)!) {
    const rating = published.get(code)
    if (computed.category && computed.category !== rating?.category) {
      const steps = rating ? severity(rating.category) - severity(computed.category) : 0
      flags.push({ countryCode: code, published: rating ? { category: rating.category, score: rating.score } : null, computed, steps })
    }
    const before = scores.get(yearAgo)!.get(code)!
    if (computed.score !== null && before.score !== null && before.score - computed.score > 0) {
      const recentViolations = computed.freedoms.reduce((sum, f) => sum + f.incidents.recent, 0)
      candidates.push({
        countryCode: code,
        now: computed.score,
        before: before.score,
        drop: before.score - computed.score,
        recentViolations,
      })
    }
  }
  flags.sort((a, b) => Math.abs(b.steps) - Math.abs(a.steps) || a.countryCode.localeCompare(b.countryCode))
  candidates.sort((a, b) => b.drop - a.drop || b.recentViolations - a.recentViolations)
  return { flags, candidates: candidates.slice(0, limit) }
}

/** The engine's watchlist candidates on an edition's date, for the watchlist editor (reasons in English, to be edited). */
export function candidatesFor(db: Kysely<DB>) {
  return async (edition: { editionDate: string }) => {
    const methodology = await methodologyInForce(db)
    if (!methodology) return []
    const date = edition.editionDate
    const [{ candidates }, countries] = await Promise.all([
      ratingDesk(db, methodology.config, date),
      db.selectFrom('countries').select(['code', 'names']).execute(),
    ])
    const names = new Map(countries.map((c) => [c.code, c.names.en]))
    return candidates.map((c) => ({
      code: c.countryCode,
      name: names.get(c.countryCode) ?? c.countryCode,
      drop: c.drop,
      reason: `The computed score fell from ${c.before} to ${c.now} in the twelve months to ${date}; ${c.recentViolations} severity-weighted violations were documented in that time.`,
    }))
  }
}
