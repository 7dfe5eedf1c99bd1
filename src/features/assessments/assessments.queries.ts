import { sql, type Kysely, type Selectable } from 'kysely'
import type { DB, Freedom, Trend } from '../../db/schema.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import type { AssessmentKind } from './assessment-form.js'

/** Reads of assessments: the staff lists, one record, and the one the scoring engine uses. */
export interface Assessment {
  id: number
  countryCode: string
  kind: AssessmentKind
  periodStart: string
  periodEnd: string
  scores: Record<Freedom, number | null>
  trend: Trend
  justification: string
  authorId: number
  author: string
  createdAt: Date
}

type Row = Selectable<DB['assessments']> & { author: string }

function toAssessment(row: Row): Assessment {
  return {
    id: row.id,
    countryCode: row.country_code,
    kind: row.kind,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    scores: { association: row.association, assembly: row.assembly, expression: row.expression },
    trend: row.trend,
    justification: row.justification,
    authorId: row.author_id,
    author: row.author,
    createdAt: row.created_at,
  }
}

function selectAssessments(db: Kysely<DB>) {
  return db
    .selectFrom('assessments')
    .innerJoin('users', 'users.id', 'assessments.author_id')
    .selectAll('assessments')
    .select('users.display_name as author')
}

/**
 * Which countries' assessments a user may read: every country for editors and panelists
 * (panelists judge the decisions built on them), a researcher's assigned countries otherwise.
 */
export function assessmentScope(user: CurrentUser): 'all' | string[] {
  return can(user, 'rating:decide') || can(user, 'rating:vote') ? 'all' : user.countries
}

export function mayViewAssessment(user: CurrentUser, countryCode: string): boolean {
  const scope = assessmentScope(user)
  return scope === 'all' || scope.includes(countryCode)
}

export interface AssessmentFilter {
  country?: string
  kind?: AssessmentKind
  /** Only rows with a smaller id: the API's cursor. */
  before?: number
}

/** The newest assessments first (by entry), within the user's scope. */
export async function listAssessments(db: Kysely<DB>, user: CurrentUser, filter: AssessmentFilter, limit: number): Promise<Assessment[]> {
  let q = selectAssessments(db)
  const scope = assessmentScope(user)
  if (scope !== 'all') q = q.where('assessments.country_code', 'in', [...scope, '---'])
  if (filter.country) q = q.where('assessments.country_code', '=', filter.country)
  if (filter.kind) q = q.where('assessments.kind', '=', filter.kind)
  if (filter.before !== undefined) q = q.where('assessments.id', '<', filter.before)
  const rows = await q.orderBy('assessments.id', 'desc').limit(limit).execute()
  return rows.map(toAssessment)
}

export async function loadAssessment(db: Kysely<DB>, id: number): Promise<Assessment | null> {
  const row = await selectAssessments(db).where('assessments.id', '=', id).executeTakeFirst()
  return row ? toAssessment(row) : null
}

/**
 * The assessment of one kind in force for a country on `date`: the one whose period ended
 * last on or before that day; for the same period, the one entered last (a correction is a
 * new record for the same period). Null when there is none.
 */
export async function latestAssessment(
  db: Kysely<DB>,
  countryCode: string,
  kind: AssessmentKind,
  date: string,
): Promise<Assessment | null> {
  const row = await selectAssessments(db)
    .where('assessments.country_code', '=', countryCode)
    .where('assessments.kind', '=', kind)
    .where('assessments.period_end', '<=', sql<string>`${date}::date`)
    .orderBy('assessments.period_end', 'desc')
    .orderBy('assessments.created_at', 'desc')
    .orderBy('assessments.id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toAssessment(row) : null
}

/** latestAssessment for every country at once (one query), for recomputing all scores: country code → assessment. */
export async function latestAssessments(db: Kysely<DB>, kind: AssessmentKind, date: string): Promise<Map<string, Assessment>> {
  const rows = await selectAssessments(db)
    .distinctOn('assessments.country_code')
    .where('assessments.kind', '=', kind)
    .where('assessments.period_end', '<=', sql<string>`${date}::date`)
    .orderBy('assessments.country_code')
    .orderBy('assessments.period_end', 'desc')
    .orderBy('assessments.created_at', 'desc')
    .orderBy('assessments.id', 'desc')
    .execute()
  return new Map(rows.map((row) => [row.country_code, toAssessment(row)]))
}
