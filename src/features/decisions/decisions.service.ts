import type { Kysely, Transaction, Updateable } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB, DecisionStatus, RatingDecisionsTable } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import { refused, stepProblem, type FormProblem } from '../../lib/errors.js'
import { methodologyInForce } from '../methodology/methodology.queries.js'
import { computeCountryScore } from '../methodology/scores.service.js'
import { ratingOf } from '../ratings/ratings.queries.js'
import type { DecisionDraft } from './decision-form.js'
import { OtherScheduledError, scheduleDecisionIn } from './decisions.schedule.js'
import { tally, type Vote } from './quorum.js'

export interface DecisionContext {
  user: CurrentUser
  ip: string | null
  now: Date
}

const actorOf = (c: DecisionContext) => ({ name: `user:${c.user.id}`, ip: c.ip })

/** Drafts a decision: the rating it changes, and the engine's breakdown for the country today. */
export async function createDecision(db: Kysely<DB>, c: DecisionContext, draft: DecisionDraft): Promise<number> {
  const country = await db.selectFrom('countries').select('code').where('code', '=', draft.countryCode).executeTakeFirst()
  if (!country) throw refused({ field: 'country', message: 'decision.problem.country' })
  return withActor(db, actorOf(c), async (trx) => {
    await checkEvidence(trx, draft)
    const frozen = await freeze(trx, draft.countryCode, c.now)
    const from = await ratingOf(trx, draft.countryCode, isoDate(c.now))
    const row = await trx
      .insertInto('rating_decisions')
      .values({
        country_code: draft.countryCode,
        from_category: from?.category ?? null,
        from_score: from?.score ?? null,
        to_category: draft.toCategory,
        to_score: draft.toScore,
        rationale: JSON.stringify(draft.rationale),
        // Only editors decide what the public sees: a proposer's draft never flags the country.
        under_review: can(c.user, 'rating:decide') && draft.underReview,
        created_by: c.user.id,
        created_at: c.now,
        updated_at: c.now,
        ...frozen,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeEvidence(trx, row.id, draft.evidence)
    return row.id
  })
}

/** Saves a draft again (the country stays); the breakdown is computed afresh. */
export async function saveDecision(db: Kysely<DB>, c: DecisionContext, id: number, draft: DecisionDraft): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    const current = await lockDecision(trx, id)
    if (current.status !== 'draft') throw refused({ field: 'decision-title', message: 'decision.problem.notDraft' })
    const countryDraft = { ...draft, countryCode: current.country_code }
    await checkEvidence(trx, countryDraft)
    await trx
      .updateTable('rating_decisions')
      .set({
        to_category: draft.toCategory,
        to_score: draft.toScore,
        rationale: JSON.stringify(draft.rationale),
        ...(can(c.user, 'rating:decide') ? { under_review: draft.underReview } : {}),
        updated_at: c.now,
        ...(await freeze(trx, current.country_code, c.now)),
      })
      .where('id', '=', id)
      .execute()
    await trx.deleteFrom('decision_evidence').where('decision_id', '=', id).execute()
    await writeEvidence(trx, id, countryDraft.evidence)
  })
}

export type DecisionAction = 'submit' | 'return' | 'close' | 'schedule' | 'unschedule' | 'flag' | 'unflag'
export const DECISION_ACTIONS: DecisionAction[] = ['submit', 'return', 'close', 'schedule', 'unschedule', 'flag', 'unflag']

const FROM: Record<DecisionAction, DecisionStatus[]> = {
  submit: ['draft'],
  return: ['panel_review', 'approved'],
  close: ['panel_review'],
  schedule: ['approved'],
  unschedule: ['scheduled'],
  flag: ['draft', 'panel_review', 'approved', 'scheduled'],
  unflag: ['draft', 'panel_review', 'approved', 'scheduled'],
}

/** Who may take which step: submitting belongs to the proposer's side, the rest to editors. */
export function mayTake(user: CurrentUser, decision: { countryCode: string }, action: DecisionAction): boolean {
  return action === 'submit' ? can(user, 'rating:propose', decision) : can(user, 'rating:decide')
}

export function actionsFrom(status: DecisionStatus): DecisionAction[] {
  return DECISION_ACTIONS.filter((action) => FROM[action].includes(status))
}

/** A step not possible from this status: the problem names the status and the steps possible from it. */
export function decisionStepProblem(status: DecisionStatus): FormProblem {
  const steps = actionsFrom(status).map((action) => `decision.action.${action}` as const)
  return stepProblem('decision.problem.step', `decision.status.${status}`, steps)
}

/** One step of the workflow. Who may take it is the route's business (policies); here, only when. */
export async function takeDecisionStep(
  db: Kysely<DB>,
  c: DecisionContext,
  id: number,
  action: DecisionAction,
  embargoUntil?: Date,
): Promise<DecisionStatus> {
  return withActor(db, actorOf(c), async (trx) => {
    const current = await lockDecision(trx, id)
    if (!FROM[action].includes(current.status)) throw refused(decisionStepProblem(current.status))
    // Scheduled with a publication, it moves only with it (features/publishing).
    if ((action === 'schedule' || action === 'unschedule') && current.scheduled_with !== null)
      throw refused({
        field: 'workflow-title',
        message: 'decision.problem.withPublication',
        params: { id: current.scheduled_with },
      })
    const set = (values: Updateable<RatingDecisionsTable>) =>
      trx.updateTable('rating_decisions').set(values).set({ updated_at: c.now }).where('id', '=', id).execute()
    switch (action) {
      case 'submit': {
        const from = await ratingOf(trx, current.country_code, isoDate(c.now))
        await set({
          status: 'panel_review',
          from_category: from?.category ?? null,
          from_score: from?.score ?? null,
          ...(await freeze(trx, current.country_code, c.now)),
        })
        return 'panel_review'
      }
      case 'return':
        // The panel voted on another text: its votes go with it (the audit log keeps them); a declared conflict stays.
        await trx.deleteFrom('decision_votes').where('decision_id', '=', id).where('conflict', '=', false).execute()
        await set({ status: 'draft' })
        return 'draft'
      case 'close': {
        const votes = await trx.selectFrom('decision_votes').select(['vote', 'conflict']).where('decision_id', '=', id).execute()
        const result = tally(votes, current.quorum as Parameters<typeof tally>[1])
        if (result.outcome === 'no_quorum')
          throw refused({ field: 'workflow-title', message: 'decision.problem.noQuorum', params: { votes: result.votes } })
        await set({ status: result.outcome, ...(result.outcome === 'rejected' ? { under_review: false } : {}) })
        return result.outcome
      }
      case 'schedule':
        if (!embargoUntil || Number.isNaN(embargoUntil.getTime()) || embargoUntil <= c.now)
          throw refused({ field: 'embargo_until', message: 'decision.problem.embargo' })
        try {
          await scheduleDecisionIn(trx, id, embargoUntil, null, c.now)
        } catch (error) {
          if (error instanceof OtherScheduledError) throw refused({ field: 'embargo_until', message: 'decision.problem.otherScheduled' })
          throw error
        }
        return 'scheduled'
      case 'unschedule':
        await set({ status: 'approved', embargo_until: null })
        return 'approved'
      case 'flag':
      case 'unflag':
        await set({ under_review: action === 'flag' })
        return current.status
    }
  })
}

/** A panelist's vote, or their declared conflict of interest, which is final for this decision. */
export async function castVote(
  db: Kysely<DB>,
  c: DecisionContext,
  id: number,
  choice: { vote: Vote; comment: string } | { conflict: true; comment: string },
): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    const current = await lockDecision(trx, id)
    if (current.status !== 'panel_review') throw refused({ field: 'vote-title', message: 'decision.problem.notVoting' })
    if (current.created_by === c.user.id) throw refused({ field: 'vote', message: 'decision.problem.ownDecision' })
    const mine = await trx
      .selectFrom('decision_votes')
      .select('conflict')
      .where('decision_id', '=', id)
      .where('panelist_id', '=', c.user.id)
      .executeTakeFirst()
    if (mine?.conflict) throw refused({ field: 'vote', message: 'decision.problem.conflicted' })
    const values = 'conflict' in choice ? { vote: null, conflict: true } : { vote: choice.vote, conflict: false }
    await trx
      .insertInto('decision_votes')
      .values({ decision_id: id, panelist_id: c.user.id, comment: choice.comment, voted_at: c.now, ...values })
      .onConflict((oc) => oc.columns(['decision_id', 'panelist_id']).doUpdateSet({ ...values, comment: choice.comment, voted_at: c.now }))
      .execute()
  })
}

async function lockDecision(trx: Transaction<DB>, id: number) {
  const row = await trx
    .selectFrom('rating_decisions')
    .select(['id', 'status', 'country_code', 'quorum', 'created_by', 'scheduled_with'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) throw refused({ field: 'decision-title', message: 'decision.problem.missing' })
  return row
}

/** The methodology in force, its quorum rule and the engine's breakdown, frozen on the decision. */
async function freeze(trx: Kysely<DB>, countryCode: string, now: Date) {
  const methodology = await methodologyInForce(trx)
  if (!methodology) throw refused({ field: 'decision-title', message: 'decision.problem.noMethodology' })
  const breakdown = await computeCountryScore(trx, methodology.config, countryCode, isoDate(now))
  return { methodology_id: methodology.id, quorum: JSON.stringify(methodology.config.quorum), breakdown: JSON.stringify(breakdown) }
}

/** Evidence must be published updates about the same country. */
async function checkEvidence(trx: Kysely<DB>, draft: DecisionDraft): Promise<void> {
  if (draft.evidence.length === 0) return
  const found = await trx
    .selectFrom('updates')
    .select('id')
    .where('id', 'in', draft.evidence)
    .where('country_code', '=', draft.countryCode)
    .where('status', '=', 'published')
    .execute()
  const known = new Set(found.map((r) => Number(r.id)))
  const unknown = draft.evidence.filter((id) => !known.has(id))
  if (unknown.length > 0)
    throw refused({ field: 'evidence', message: 'decision.problem.evidenceUnknown', params: { ids: unknown.join(', ') } })
}

async function writeEvidence(trx: Kysely<DB>, id: number, evidence: number[]): Promise<void> {
  if (evidence.length === 0) return
  await trx
    .insertInto('decision_evidence')
    .values(evidence.map((update_id) => ({ decision_id: id, update_id })))
    .execute()
}
