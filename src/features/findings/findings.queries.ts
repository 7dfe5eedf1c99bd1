import { sql, type Kysely } from 'kysely'
import type { ContentLanguage, DB, Freedom } from '../../db/schema.js'
import { HttpError } from '../../lib/errors.js'
import { countriesWithRatings } from '../countries/countries.queries.js'
import { firstRatingDate } from '../ratings/ratings.queries.js'
import { totalsOf } from '../ratings/ratings.stats.js'
import type { Totals } from '../ratings/scale.js'
import { listRatingChanges, type RatingChange } from './changes.queries.js'
import { asOfFor, findingsYears, mostCommon, populationShares, type Shares } from './findings.stats.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * The global findings of one year (SPEC.md "Global findings"): ratings as of the year's last
 * day (or today while the year runs), the people living under each category, the year's rating
 * changes, and what the published evidence of the year shows. Evidence counts read published
 * updates only and leave sample content out; restricted incidents count, their details never
 * leave the database here.
 */
export const TOP_VIOLATIONS = 10

export interface ViolationCount {
  key: string
  labels: Partial<Record<ContentLanguage, string>> & { en: string }
  countries: number
  incidents: number
}

export interface Findings {
  year: number
  asOf: string
  /** False while the year is not over: the figures are the year to date. */
  complete: boolean
  totals: Totals
  unrated: number
  monitored: number
  populationShare: Shares
  populationYear: number | null
  populationSource: string | null
  /** Monitored countries without a population figure (counted as 0 people). */
  withoutPopulation: number
  changes: RatingChange[]
  topViolations: { byCountries: ViolationCount[]; byIncidents: ViolationCount[] }
  perFreedom: Record<Freedom, { updates: number; incidents: number }>
}

export async function findingsFor(db: Kysely<DB>, year: number, today: string): Promise<Findings> {
  const { asOf, complete } = asOfFor(year, today)
  const [countries, changes, violations, perFreedom] = await Promise.all([
    countriesWithRatings(db, asOf),
    listRatingChanges(db, { year, until: asOf }),
    violationCounts(db, year),
    evidencePerFreedom(db, year),
  ])
  const rated = countries.flatMap((c) => (c.rating ? [{ category: c.rating.category }] : []))
  const withPopulation = countries.filter((c) => c.population !== null)
  const byIncidents = (a: ViolationCount, b: ViolationCount) => b.incidents - a.incidents || b.countries - a.countries
  const byCountries = (a: ViolationCount, b: ViolationCount) => b.countries - a.countries || b.incidents - a.incidents
  return {
    year,
    asOf,
    complete,
    totals: totalsOf(rated),
    unrated: countries.length - rated.length,
    monitored: countries.length,
    populationShare: populationShares(
      countries.map((c) => ({ category: c.rating?.category ?? null, population: c.population?.value ?? null })),
    ),
    populationYear: mostCommon(withPopulation.map((c) => c.population?.year ?? null)),
    populationSource: mostCommon(withPopulation.map((c) => c.population?.source ?? null)),
    withoutPopulation: countries.length - withPopulation.length,
    changes: changes.changes,
    topViolations: {
      byCountries: [...violations].sort(byCountries).slice(0, TOP_VIOLATIONS),
      byIncidents: [...violations].sort(byIncidents).slice(0, TOP_VIOLATIONS),
    },
    perFreedom,
  }
}

const yearStart = (year: number) => sql<string>`${`${year}-01-01`}::date`
const yearEnd = (year: number) => sql<string>`${`${year}-12-31`}::date`

/** Incidents of published, non-sample updates that occurred in the year, per violation type (ties: taxonomy order). */
async function violationCounts(db: Kysely<DB>, year: number): Promise<ViolationCount[]> {
  const rows = await db
    .selectFrom('incidents')
    .innerJoin('updates', 'updates.id', 'incidents.update_id')
    .innerJoin('taxonomy_terms', 'taxonomy_terms.id', 'incidents.type_id')
    .where('updates.status', '=', 'published')
    .where('updates.sample', '=', false)
    .where('taxonomy_terms.vocabulary', '=', 'violation')
    .where('incidents.occurred_on', '>=', yearStart(year))
    .where('incidents.occurred_on', '<=', yearEnd(year))
    .groupBy('taxonomy_terms.id')
    .select([
      'taxonomy_terms.key',
      'taxonomy_terms.labels',
      sql<number>`count(distinct updates.country_code)::int`.as('countries'),
      sql<number>`count(*)::int`.as('incidents'),
    ])
    .orderBy('taxonomy_terms.position')
    .orderBy('taxonomy_terms.id')
    .execute()
  return rows.map((r) => ({ key: r.key, labels: r.labels, countries: r.countries, incidents: r.incidents }))
}

/**
 * Per freedom: updates published in the year (each report once: translations are language
 * versions of it, not more reports) and incidents that occurred in the year.
 */
async function evidencePerFreedom(db: Kysely<DB>, year: number): Promise<Findings['perFreedom']> {
  const from = new Date(`${year}-01-01T00:00:00Z`)
  const to = new Date(`${year + 1}-01-01T00:00:00Z`)
  const [updates, incidents] = await Promise.all([
    db
      .selectFrom(
        sql<{ freedom: Freedom }>`(
        select unnest(updates.freedoms)::text as freedom from updates
        where updates.status = 'published' and updates.sample = false and updates.translation_of is null
          and updates.published_at >= ${from} and updates.published_at < ${to}
      )`.as('f'),
      )
      .select(['f.freedom', sql<number>`count(*)::int`.as('n')])
      .groupBy('f.freedom')
      .execute(),
    db
      .selectFrom('incidents')
      .innerJoin('updates', 'updates.id', 'incidents.update_id')
      .where('updates.status', '=', 'published')
      .where('updates.sample', '=', false)
      .where('incidents.occurred_on', '>=', yearStart(year))
      .where('incidents.occurred_on', '<=', yearEnd(year))
      .groupBy('incidents.freedom')
      .select(['incidents.freedom', sql<number>`count(*)::int`.as('n')])
      .execute(),
  ])
  const result = Object.fromEntries(FREEDOMS.map((f) => [f, { updates: 0, incidents: 0 }])) as Findings['perFreedom']
  for (const row of updates) if (row.freedom in result) result[row.freedom].updates = row.n
  for (const row of incidents) result[row.freedom].incidents = row.n
  return result
}

/** The years that have findings now, or a 404 that says which do. */
export async function requireFindingsYear(db: Kysely<DB>, yearText: string, today: string): Promise<{ year: number; years: number[] }> {
  const years = findingsYears(await firstRatingDate(db), today)
  const year = Number(yearText)
  if (!years.includes(year)) {
    const range = `${years.at(-1)} to ${years[0]}`
    throw new HttpError(404, 'not_found', `No findings for ${yearText}: findings exist for the years ${range}.`, [
      { field: 'year', message: `use a year from ${range}`, messageKey: 'findings.noSuchYear', value: yearText },
    ])
  }
  return { year, years }
}
