import type { ColumnType, Generated } from 'kysely'

/** The rating machinery's tables (migration 0006): methodology, indicators, assessments, decisions, watchlist. */
/** The rating scale's categories, best to worst; features/ratings/scale.ts gives their bands and order. */
export type Category = 'open' | 'narrowed' | 'obstructed' | 'repressed' | 'closed'
export type Trend = 'declining' | 'stable' | 'improving'

export interface MethodologyVersionsTable {
  id: Generated<number>
  label: string
  status: Generated<'draft' | 'published'>
  /** A MethodologyConfig (features/methodology/methodology.ts), as JSON. */
  config: ColumnType<unknown, string, string>
  notes: Generated<string>
  created_at: Generated<Date>
  published_at: Date | null
}

export interface IndicatorValuesTable {
  indicator: string
  country_code: string
  year: number
  value: number
  source: string
}

export interface AssessmentsTable {
  id: Generated<number>
  country_code: string
  kind: 'analysis' | 'partner'
  period_start: string
  period_end: string
  association: number | null
  assembly: number | null
  expression: number | null
  trend: Trend
  justification: string
  author_id: number
  created_at: Generated<Date>
}

export type DecisionStatus = 'draft' | 'panel_review' | 'approved' | 'rejected' | 'scheduled' | 'published'

export interface RatingDecisionsTable {
  id: Generated<number>
  country_code: string
  status: Generated<DecisionStatus>
  from_category: Category | null
  from_score: number | null
  to_category: Category
  to_score: number
  /** {"en": "...", ...}: at least one language. */
  rationale: ColumnType<Record<string, string>, string, string>
  methodology_id: number
  breakdown: ColumnType<unknown, string | null, string | null>
  quorum: ColumnType<unknown, string, string>
  under_review: Generated<boolean>
  embargo_until: Date | null
  published_at: Date | null
  /** The scheduled publication it is to be published with (migration 0009): it then moves only with it. */
  scheduled_with: Generated<number | null>
  rating_id: number | null
  created_by: number
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface DecisionEvidenceTable {
  decision_id: number
  update_id: number
}

export interface DecisionVotesTable {
  decision_id: number
  panelist_id: number
  vote: 'approve' | 'reject' | 'abstain' | null
  conflict: Generated<boolean>
  comment: Generated<string>
  voted_at: Date
}

export interface WatchlistEditionsTable {
  id: Generated<number>
  title: string
  edition_date: string
  introduction: Generated<string>
  status: Generated<'draft' | 'published'>
  published_at: Date | null
  created_at: Generated<Date>
}

export interface WatchlistEntriesTable {
  edition_id: number
  country_code: string
  position: number
  rationale: string
}
