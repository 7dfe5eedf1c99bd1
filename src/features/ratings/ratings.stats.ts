import { CATEGORIES, emptyTotals, type Category, type Totals } from './scale.js'

/** Countries per category. */
export function totalsOf(ratings: readonly { category: Category }[]): Totals {
  const totals = emptyTotals()
  for (const { category } of ratings) totals[category] += 1
  return totals
}

/** Percent (0-100) of the people in rated countries who live in each category. */
export function populationShare(ratings: readonly { category: Category; population: number }[]): Totals {
  const people = emptyTotals()
  for (const { category, population } of ratings) people[category] += population
  const all = CATEGORIES.reduce((sum, category) => sum + people[category], 0)
  const share = emptyTotals()
  if (all === 0) return share
  for (const category of CATEGORIES) share[category] = Math.round((people[category] / all) * 1000) / 10
  return share
}
