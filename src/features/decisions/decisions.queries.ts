import { sql, type Kysely } from 'kysely'
import type { ContentLanguage, DB, DecisionStatus } from '../../db/schema.js'
import type { Breakdown } from '../methodology/engine.js'
import type { QuorumRule } from '../methodology/methodology.js'
import type { Category } from '../ratings/scale.js'
import type { Vote } from './quorum.js'

export interface DecisionVote {
  panelistId: number
  panelistName: string
  vote: Vote | null
  conflict: boolean
  comment: string
  votedAt: Date
}

export interface DecisionEvidence {
  updateId: number
  title: string
  status: string
  publishedAt: Date | null
}

export interface DecisionRecord {
  id: number
  countryCode: string
  status: DecisionStatus
  fromCategory: Category | null
  fromScore: number | null
  toCategory: Category
  toScore: number
  rationale: Partial<Record<ContentLanguage, string>>
  methodologyId: number
  methodologyLabel: string
  breakdown: Breakdown | null
  quorum: QuorumRule
  underReview: boolean
  embargoUntil: Date | null
  publishedAt: Date | null
  createdBy: number
  createdAt: Date
  updatedAt: Date
  votes: DecisionVote[]
  evidence: DecisionEvidence[]
}

const SUMMARY = [
  'd.id',
  'd.country_code',
  'd.status',
  'd.from_category',
  'd.from_score',
  'd.to_category',
  'd.to_score',
  'd.rationale',
  'd.under_review',
  'd.embargo_until',
  'd.published_at',
  'd.created_by',
  'd.created_at',
  'd.updated_at',
] as const

type SummaryRow = {
  id: number
  country_code: string
  status: DecisionStatus
  from_category: Category | null
  from_score: number | null
  to_category: Category
  to_score: number
  rationale: Record<string, string>
  under_review: boolean
  embargo_until: Date | null
  published_at: Date | null
  created_by: number
  created_at: Date
  updated_at: Date
}

export type DecisionSummary = Omit<DecisionRecord, 'votes' | 'evidence' | 'breakdown' | 'quorum' | 'methodologyId' | 'methodologyLabel'>

function toSummary(r: SummaryRow): DecisionSummary {
  return {
    id: Number(r.id),
    countryCode: r.country_code,
    status: r.status,
    fromCategory: r.from_category,
    fromScore: r.from_score,
    toCategory: r.to_category,
    toScore: r.to_score,
    rationale: r.rationale,
    underReview: r.under_review,
    embargoUntil: r.embargo_until,
    publishedAt: r.published_at,
    createdBy: Number(r.created_by),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }
}

/** One decision with its votes (panelists named: staff only) and its evidence. */
export async function loadDecision(db: Kysely<DB>, id: number): Promise<DecisionRecord | null> {
  const row = await db
    .selectFrom('rating_decisions as d')
    .innerJoin('methodology_versions as m', 'm.id', 'd.methodology_id')
    .select([...SUMMARY, 'd.breakdown', 'd.quorum', 'd.methodology_id', 'm.label'])
    .where('d.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const [votes, evidence] = await Promise.all([
    db
      .selectFrom('decision_votes as v')
      .innerJoin('users as u', 'u.id', 'v.panelist_id')
      .select(['v.panelist_id', 'u.display_name', 'v.vote', 'v.conflict', 'v.comment', 'v.voted_at'])
      .where('v.decision_id', '=', id)
      .orderBy('v.voted_at')
      .execute(),
    db
      .selectFrom('decision_evidence as e')
      .innerJoin('updates as u', 'u.id', 'e.update_id')
      .select(['u.id', 'u.title', 'u.status', 'u.published_at'])
      .where('e.decision_id', '=', id)
      .orderBy('u.published_at', 'desc')
      .execute(),
  ])
  return {
    ...toSummary(row),
    methodologyId: Number(row.methodology_id),
    methodologyLabel: row.label,
    breakdown: row.breakdown as Breakdown | null,
    quorum: row.quorum as QuorumRule,
    votes: votes.map((v) => ({
      panelistId: Number(v.panelist_id),
      panelistName: v.display_name,
      vote: v.vote,
      conflict: v.conflict,
      comment: v.comment,
      votedAt: v.voted_at,
    })),
    evidence: evidence.map((e) => ({ updateId: Number(e.id), title: e.title, status: e.status, publishedAt: e.published_at })),
  }
}

/** Decisions for the back office, newest first; researchers see only their countries'. */
export async function listDecisions(
  db: Kysely<DB>,
  options: { countries?: string[]; statuses?: DecisionStatus[]; limit?: number },
): Promise<DecisionSummary[]> {
  let query = db
    .selectFrom('rating_decisions as d')
    .select(SUMMARY)
    .orderBy('d.updated_at', 'desc')
    .limit(options.limit ?? 200)
  if (options.countries)
    query = options.countries.length > 0 ? query.where('d.country_code', 'in', options.countries) : query.where(sql<boolean>`false`)
  if (options.statuses) query = query.where('d.status', 'in', options.statuses)
  return (await query.execute()).map(toSummary)
}

/** Published decisions, newest first: what the public and the API see. */
export async function publishedDecisions(
  db: Kysely<DB>,
  /** before: the (published at, id) of the last decision of the previous page. */
  options: { country?: string; before?: { at: Date; id: number }; limit: number },
): Promise<DecisionSummary[]> {
  let query = db
    .selectFrom('rating_decisions as d')
    .select(SUMMARY)
    .where('d.status', '=', 'published')
    .orderBy('d.published_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(options.limit)
  if (options.country) query = query.where('d.country_code', '=', options.country)
  if (options.before) query = query.where(sql<boolean>`(d.published_at, d.id) < (${options.before.at}, ${options.before.id})`)
  return (await query.execute()).map(toSummary)
}

/** Whether the editors have publicly marked the country's rating "under review" (a pending decision). */
export async function isUnderReview(db: Kysely<DB>, countryCode: string): Promise<boolean> {
  const row = await db
    .selectFrom('rating_decisions')
    .select('id')
    .where('country_code', '=', countryCode)
    .where('under_review', '=', true)
    .where('status', 'in', ['draft', 'panel_review', 'approved', 'scheduled'])
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}
