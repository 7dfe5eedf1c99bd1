import type { Locale } from '../../lib/i18n.js'
import { severity } from '../ratings/scale.js'
import type { CountryWithRating } from './countries.queries.js'

export const SORT_KEYS = ['name', 'region', 'rating'] as const
export type SortKey = (typeof SORT_KEYS)[number]
export type SortDir = 'asc' | 'desc'

/**
 * Orders the countries table. Names compare in the reader's language; ratings go from open to
 * closed (unrated last either way); ties fall back to the name, so the order is stable.
 */
export function sortCountries(
  countries: CountryWithRating[],
  key: SortKey,
  dir: SortDir,
  locale: Locale,
  regionName: (region: string) => string,
): CountryWithRating[] {
  const collator = new Intl.Collator(locale)
  const byName = (a: CountryWithRating, b: CountryWithRating) => collator.compare(a.names[locale], b.names[locale])
  const sign = dir === 'asc' ? 1 : -1
  const primary = (a: CountryWithRating, b: CountryWithRating): number => {
    if (key === 'name') return 0
    if (key === 'region') return collator.compare(regionName(a.region), regionName(b.region))
    const rank = (c: CountryWithRating) => (c.rating ? severity(c.rating.category) : Number.POSITIVE_INFINITY)
    if (!a.rating || !b.rating) return a.rating === b.rating ? 0 : a.rating ? -sign : sign // unrated last
    return rank(a) - rank(b)
  }
  return [...countries].sort((a, b) => sign * primary(a, b) || (key === 'name' ? sign : 1) * byName(a, b))
}
