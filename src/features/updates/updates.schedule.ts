import type { Transaction } from 'kysely'
import type { DB } from '../../db/schema.js'

/**
 * The scheduled end of an update's workflow when a publication takes it: approved → scheduled
 * with the publication (which alone may then move it) → published. Each runs in the caller's
 * transaction: the publishing owner (features/publishing) moves a set of updates, decisions and
 * publications together, and publishes what is due.
 */

/** The updates about to be scheduled, locked: their status and time decide whether they may be. */
export function lockUpdatesIn(trx: Transaction<DB>, ids: number[]) {
  if (ids.length === 0) return Promise.resolve([])
  return trx.selectFrom('updates').select(['id', 'status', 'publish_at']).where('id', 'in', ids).orderBy('id').forUpdate().execute()
}

/** Approved (or already scheduled) updates are scheduled at `until`, with the publication that will move them. */
export async function scheduleUpdatesIn(trx: Transaction<DB>, ids: number[], until: Date, publicationId: number): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('updates')
    .set({ status: 'scheduled', publish_at: until, scheduled_with: publicationId })
    .where('id', 'in', ids)
    .where('status', 'in', ['approved', 'scheduled'])
    .execute()
}

/** Scheduled updates at `until` go back to approved (their publication was unscheduled). */
export async function unscheduleUpdatesIn(trx: Transaction<DB>, ids: number[], until: Date): Promise<void> {
  if (ids.length === 0) return
  await trx
    .updateTable('updates')
    .set({ status: 'approved', publish_at: null, scheduled_with: null })
    .where('id', 'in', ids)
    .where('status', '=', 'scheduled')
    .where('publish_at', '=', until)
    .execute()
}

/** Scheduled updates stay scheduled, now with another publication at the same time. */
export async function passUpdatesTo(trx: Transaction<DB>, ids: number[], publicationId: number): Promise<void> {
  if (ids.length === 0) return
  await trx.updateTable('updates').set({ scheduled_with: publicationId }).where('id', 'in', ids).where('status', '=', 'scheduled').execute()
}

/**
 * Publishes every scheduled update whose time has come. One statement: with several app
 * instances, each row is published by exactly one of them.
 */
export async function publishUpdatesIn(trx: Transaction<DB>, now: Date): Promise<number[]> {
  const rows = await trx
    .updateTable('updates')
    .set((eb) => ({ status: 'published', published_at: eb.ref('publish_at'), scheduled_with: null }))
    .where('status', '=', 'scheduled')
    .where('publish_at', '<=', now)
    .returning('id')
    .execute()
  return rows.map((r) => r.id)
}
