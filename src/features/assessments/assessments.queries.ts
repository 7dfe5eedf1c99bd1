import type { Kysely, Selectable } from 'kysely'
import type { DB, Freedom, Trend } from '../../db/schema.js'
import { ratingScope, type CurrentUser } from '../../lib/policies.js'
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

export interface AssessmentFilter {
  country?: string
  kind?: AssessmentKind
  /** Only rows with a smaller id: the API's cursor. */
  before?: number
}

/** The newest assessments first (by entry), within the user's scope. */
export async function listAssessments(db: Kysely<DB>, user: CurrentUser, filter: AssessmentFilter, limit: number): Promise<Assessment[]> {
  let q = selectAssessments(db)
  const scope = ratingScope(user)
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
