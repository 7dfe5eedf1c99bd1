import { Type, type Static } from '@sinclair/typebox'
import { CategorySchema, Totals } from '../ratings/ratings.schema.js'
import type { RatingChange } from './changes.queries.js'
import type { Findings, ViolationCount } from './findings.queries.js'
import { SHARE_KEYS } from './findings.stats.js'

/** The public JSON shapes of the findings and of the log of rating changes, and how rows become them. */
const Percent = Type.Number({ minimum: 0, maximum: 100, description: 'Percent, rounded to 2 decimals' })
const Count = Type.Integer({ minimum: 0 })
const Nullable = <T extends ReturnType<typeof Type.String | typeof Type.Integer>>(schema: T) => Type.Union([schema, Type.Null()])

export const YearParams = Type.Object({
  year: Type.String({ pattern: '^[0-9]{1,9}$', description: 'A year from the first rating to the current one, e.g. 2021' }),
})

export const Change = Type.Object(
  {
    date: Type.String({ format: 'date', description: 'The day the new rating took effect' }),
    country: Type.String({ pattern: '^[A-Z]{3}$' }),
    name: Type.String({ description: 'Country name in English' }),
    region: Type.String(),
    url: Type.String({ description: 'The country page' }),
    from: CategorySchema,
    to: CategorySchema,
    fromScore: Nullable(Type.Integer()),
    toScore: Nullable(Type.Integer()),
    direction: Type.Union([Type.Literal('upgrade'), Type.Literal('downgrade')], {
      description: 'upgrade: to a freer category; downgrade: to a less free one',
    }),
    decisionId: Nullable(Type.Integer({ description: 'The rating decision that made the change, when there is one' })),
    decisionUrl: Nullable(Type.String()),
  },
  { additionalProperties: false },
)

const Violation = Type.Object(
  {
    type: Type.String({ description: 'Taxonomy key of the violation' }),
    label: Type.String({ description: 'Its name in English' }),
    countries: Type.Integer({ minimum: 0, description: 'Countries with at least one such incident in the year' }),
    incidents: Type.Integer({ minimum: 0, description: 'Incidents of this type in the year' }),
  },
  { additionalProperties: false },
)

const PerFreedom = Type.Object(
  { updates: Count, incidents: Count },
  { additionalProperties: false, description: 'Updates published in the year and incidents that occurred in it' },
)

export const FindingsResponse = Type.Object(
  {
    year: Type.Integer(),
    asOf: Type.String({ format: 'date', description: "The year's last day, or today while the year is not over" }),
    totals: Totals,
    unrated: Type.Integer({ minimum: 0, description: 'Monitored countries without a rating on asOf' }),
    populationShare: Type.Object(
      Object.fromEntries(SHARE_KEYS.map((key) => [key, Percent])) as Record<(typeof SHARE_KEYS)[number], typeof Percent>,
      {
        additionalProperties: false,
        description: 'Percent of the population of all monitored countries living in each category (unrated included): adds up to 100',
      },
    ),
    populationYear: Nullable(Type.Integer({ description: 'The year of the population figures' })),
    populationSource: Nullable(Type.String()),
    changes: Type.Array(Change, { description: "The year's rating changes, newest first; a country's first rating is not a change" }),
    topViolations: Type.Object(
      {
        byCountries: Type.Array(Violation, { description: 'Up to 10 violation types, by countries where they occurred' }),
        byIncidents: Type.Array(Violation, { description: 'Up to 10 violation types, by incidents' }),
      },
      { additionalProperties: false },
    ),
    perFreedom: Type.Object(
      { association: PerFreedom, assembly: PerFreedom, expression: PerFreedom },
      { additionalProperties: false, description: 'Published updates (sample content left out) and incidents per freedom' },
    ),
  },
  { additionalProperties: false },
)
export type FindingsResponse = Static<typeof FindingsResponse>

export const ChangesQuery = Type.Object({
  year: Type.Optional(Type.String({ pattern: '^((19|20|21)[0-9]{2})?$', description: 'Only changes effective in this year' })),
  region: Type.Optional(Type.String({ maxLength: 40, description: 'Only countries of this region (as in /api/v1/countries)' })),
  direction: Type.Optional(
    Type.Union([Type.Literal(''), Type.Literal('upgrade'), Type.Literal('downgrade')], { description: 'upgrade or downgrade' }),
  ),
})
export type ChangesQuery = Static<typeof ChangesQuery>

export function presentChange(change: RatingChange, publicUrl: string): Static<typeof Change> {
  return {
    date: change.date,
    country: change.countryCode,
    name: change.names.en,
    region: change.region,
    url: `${publicUrl}/countries/${change.slug}`,
    from: change.from,
    to: change.to,
    fromScore: change.fromScore,
    toScore: change.toScore,
    direction: change.direction,
    decisionId: change.decisionId,
    decisionUrl: change.decisionId === null ? null : `${publicUrl}/decisions/${change.decisionId}`,
  }
}

const presentViolation = (v: ViolationCount) => ({ type: v.key, label: v.labels.en, countries: v.countries, incidents: v.incidents })

export function presentFindings(findings: Findings, publicUrl: string): FindingsResponse {
  return {
    year: findings.year,
    asOf: findings.asOf,
    totals: findings.totals,
    unrated: findings.unrated,
    populationShare: findings.populationShare,
    populationYear: findings.populationYear,
    populationSource: findings.populationSource,
    changes: findings.changes.map((c) => presentChange(c, publicUrl)),
    topViolations: {
      byCountries: findings.topViolations.byCountries.map(presentViolation),
      byIncidents: findings.topViolations.byIncidents.map(presentViolation),
    },
    perFreedom: findings.perFreedom,
  }
}
