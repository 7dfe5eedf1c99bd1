import type { Category } from '../../db/schema.js'

/**
 * The five-category rating scale (SPEC.md "Rating scale"), best to worst.
 * Scores run 1-100, higher is freer; each category owns a band of scores.
 */
export const CATEGORIES = ['open', 'narrowed', 'obstructed', 'repressed', 'closed'] as const satisfies readonly Category[]
// The database column's type is the one definition (db/ imports no feature); BANDS below must cover it all.
export type { Category }

export const BANDS: Record<Category, { min: number; max: number }> = {
  open: { min: 81, max: 100 },
  narrowed: { min: 61, max: 80 },
  obstructed: { min: 41, max: 60 },
  repressed: { min: 21, max: 40 },
  closed: { min: 1, max: 20 },
}

export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value)
}

/** The category a score implies. Total on 1-100 and monotonic: a higher score is never a worse category. */
export function categoryForScore(score: number): Category {
  if (!Number.isInteger(score) || score < 1 || score > 100) throw new RangeError(`score must be an integer from 1 to 100, got ${score}`)
  return CATEGORIES.find((category) => score >= BANDS[category].min) ?? 'closed'
}

export function scoreFitsCategory(score: number, category: Category): boolean {
  return score >= BANDS[category].min && score <= BANDS[category].max
}

/** 0 is the best category (open), 4 the worst (closed). */
export function severity(category: Category): number {
  return CATEGORIES.indexOf(category)
}

export type Totals = Record<Category, number>

export function emptyTotals(): Totals {
  return { open: 0, narrowed: 0, obstructed: 0, repressed: 0, closed: 0 }
}
