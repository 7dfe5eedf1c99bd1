import { sql, type Transaction } from 'kysely'
import { violates } from '../../db/constraint.js'
import type { DB } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { ratingOf } from '../ratings/ratings.queries.js'

/**
 * The scheduled end of a decision's workflow: approved → scheduled (alone, or with a publication
 * that then moves it) → published with its dated rating. Each runs in the caller's transaction:
 * the decision's own steps, and the publishing owner (features/publishing), which moves a set
 * of decisions, updates and publications together.
 */
export class OtherScheduledError extends Error {
  /** The decision for the same country that is scheduled already. */
  constructor(readonly otherId: number) {
    super('Another rating decision for this country is already scheduled.')
  }
}

/** Migration 0009: one scheduled change per country at a time, or two would race for the same rating. */
const ONE_PER_COUNTRY = 'rating_decisions_one_scheduled_per_country'

/**
 * Schedules an approved (or already scheduled) decision at `until`; `publicationId` names the
 * scheduled publication it is to be published with, which alone may then move it. A second
 * scheduled decision for the country is refused by the database: OtherScheduledError.
 */
export async function scheduleDecisionIn(
  trx: Transaction<DB>,
  id: number,
  until: Date,
  publicationId: number | null,
  updatedAt?: Date,
): Promise<void> {
  // After a refusal the transaction must still be usable on PostgreSQL, to name the decision in the way.
  await sql`savepoint schedule_decision`.execute(trx)
  try {
    await trx
      .updateTable('rating_decisions')
      .set({ status: 'scheduled', embargo_until: until, scheduled_with: publicationId, ...(updatedAt ? { updated_at: updatedAt } : {}) })
      .where('id', '=', id)
      .where('status', 'in', ['approved', 'scheduled'])
      .execute()
  } catch (error) {
    if (!violates(error, ONE_PER_COUNTRY)) throw error
    await sql`rollback to savepoint schedule_decision`.execute(trx)
    const other = await trx
      .selectFrom('rating_decisions as d')
      .innerJoin('rating_decisions as self', 'self.country_code', 'd.country_code')
      .select('d.id')
      .where('self.id', '=', id)
      .where('d.status', '=', 'scheduled')
      .where('d.id', '<>', id)
      .executeTakeFirst()
    if (!other) throw error
    throw new OtherScheduledError(Number(other.id))
  }
  await sql`release savepoint schedule_decision`.execute(trx)
}

/** The decisions about to be scheduled, locked: their status and embargo decide whether they may be. */
export function lockDecisionsIn(trx: Transaction<DB>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return trx
    .selectFrom('rating_decisions')
    .select(['id', 'status', 'embargo_until'])
    .where('id', 'in', ids)
    .orderBy('id')
    .forUpdate()
    .execute()
}

/** Scheduled decisions at `until` go back to approved (their publication was unscheduled). */
export async function unscheduleDecisionsIn(trx: Transaction<DB>, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('rating_decisions')
    .set({ status: 'approved', embargo_until: null, scheduled_with: null })
    .where('id', 'in', ids)
    .where('status', '=', 'scheduled')
    .where('embargo_until', '=', until)
    .execute()
}

/** Scheduled decisions stay scheduled, now with another publication at the same time. */
export async function passDecisionsTo(trx: Transaction<DB>, ids: number[], publicationId: number): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('rating_decisions')
    .set({ scheduled_with: publicationId })
    .where('id', 'in', ids)
    .where('status', '=', 'scheduled')
    .execute()
}

/**
 * Publishes every scheduled decision whose embargo has passed, creating its dated rating. The
 * conditional UPDATE takes each row once: a second run waits for the row lock, sees it
 * published and skips it.
 */
export async function publishDecisionsIn(trx: Transaction<DB>, now: Date): Promise<number[]> {
  const due = await trx
    .updateTable('rating_decisions')
    .set((eb) => ({ status: 'published', published_at: eb.ref('embargo_until'), scheduled_with: null }))
    .where('status', '=', 'scheduled')
    .where('embargo_until', '<=', now)
    .returning(['id', 'country_code', 'to_category', 'to_score', 'embargo_until'])
    .execute()
  for (const decision of due) {
    // The rating it replaces is the one in force at publication, whatever happened since the draft.
    const from = await ratingOf(trx, decision.country_code, isoDate(decision.embargo_until!))
    const rating = await trx
      .insertInto('ratings')
      .values({
        country_code: decision.country_code,
        category: decision.to_category,
        score: decision.to_score,
        effective_date: isoDate(decision.embargo_until!),
        source: `Rating decision ${decision.id}`,
        decision_id: decision.id,
      })
      .onConflict((oc) =>
        oc.columns(['country_code', 'effective_date']).doUpdateSet((eb) => ({
          category: eb.ref('excluded.category'),
          score: eb.ref('excluded.score'),
          source: eb.ref('excluded.source'),
          decision_id: eb.ref('excluded.decision_id'),
        })),
      )
      .returning('id')
      .executeTakeFirstOrThrow()
    await trx
      .updateTable('rating_decisions')
      .set({ rating_id: rating.id, under_review: false, from_category: from?.category ?? null, from_score: from?.score ?? null })
      .where('id', '=', decision.id)
      .execute()
  }
  return due.map((d) => d.id)
}
