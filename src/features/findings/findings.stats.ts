import { CATEGORIES, severity, type Category } from '../ratings/scale.js'

/**
 * Pure arithmetic behind the global findings: which years have findings, the date a year is
 * drawn as of, population shares that add up to exactly 100, and the direction of a change.
 */
export const SHARE_KEYS = [...CATEGORIES, 'unrated'] as const
export type ShareKey = (typeof SHARE_KEYS)[number]
export type Shares = Record<ShareKey, number>

/** The years that have findings: from the year of the first rating to the current year (just the current year without ratings). */
export function findingsYears(firstRatingDate: string | null, today: string): number[] {
  const current = Number(today.slice(0, 4))
  const first = firstRatingDate ? Math.min(Number(firstRatingDate.slice(0, 4)), current) : current
  const years: number[] = []
  for (let year = current; year >= first; year -= 1) years.push(year)
  return years
}

/** The year /findings shows: the latest year that has ended, or the current year to date when none has. */
export function defaultFindingsYear(years: readonly number[], today: string): number {
  const current = Number(today.slice(0, 4))
  return years.find((year) => year < current) ?? current
}

/** A year is drawn as of its last day, or as of today while it is not over. */
export function asOfFor(year: number, today: string): { asOf: string; complete: boolean } {
  const end = `${String(year).padStart(4, '0')}-12-31`
  return end <= today ? { asOf: end, complete: true } : { asOf: today, complete: false }
}

/**
 * Percent (0-100, two decimals) of the people of all monitored countries living in each
 * category, unrated countries as their own share. Rounded by largest remainder, so the shares
 * always add up to exactly 100 (or are all 0 when nobody is counted).
 */
export function populationShares(countries: readonly { category: Category | null; population: number | null }[]): Shares {
  const people = Object.fromEntries(SHARE_KEYS.map((key) => [key, 0])) as Shares
  for (const { category, population } of countries) people[category ?? 'unrated'] += population ?? 0
  const all = SHARE_KEYS.reduce((sum, key) => sum + people[key], 0)
  const shares = Object.fromEntries(SHARE_KEYS.map((key) => [key, 0])) as Shares
  if (all === 0) return shares
  // Work in hundredths of a percent: 10,000 units to hand out.
  const exact = SHARE_KEYS.map((key) => ({ key, units: (people[key] / all) * 10_000 }))
  const floors = new Map(exact.map(({ key, units }) => [key, Math.floor(units)]))
  let left = 10_000 - [...floors.values()].reduce((sum, n) => sum + n, 0)
  const byRemainder = [...exact].sort((a, b) => b.units - Math.floor(b.units) - (a.units - Math.floor(a.units)))
  for (const { key } of byRemainder) {
    if (left <= 0) break
    floors.set(key, (floors.get(key) ?? 0) + 1)
    left -= 1
  }
  for (const key of SHARE_KEYS) shares[key] = (floors.get(key) ?? 0) / 100
  return shares
}

/** The most common value (ties: the first met), for the population year and source shown with the shares. */
export function mostCommon<T>(values: readonly (T | null)[]): T | null {
  const counts = new Map<T, number>()
  for (const value of values) if (value !== null) counts.set(value, (counts.get(value) ?? 0) + 1)
  let best: T | null = null
  let bestCount = 0
  for (const [value, count] of counts) {
    if (count > bestCount) [best, bestCount] = [value, count]
  }
  return best
}

export type Direction = 'upgrade' | 'downgrade'

/** A move to a freer category is an upgrade; to a less free one a downgrade; the same category is no change. */
export function directionOf(from: Category, to: Category): Direction | null {
  if (from === to) return null
  return severity(to) < severity(from) ? 'upgrade' : 'downgrade'
}
