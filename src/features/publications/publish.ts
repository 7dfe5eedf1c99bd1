import type { Kysely, Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import { holdPublishingLock } from '../../db/publishing-lock.js'
import type { DB } from '../../db/schema.js'
import { publishDecisionsIn } from '../decisions/decisions.service.js'
import { notifySubscribers } from '../subscriptions/notify.js'
import { publishUpdatesIn } from '../updates/updates.service.js'

export interface Published {
  updates: number[]
  decisions: number[]
  publications: number[]
  notifications: number
}

/**
 * Publishes everything whose embargo has passed (scheduled updates, rating decisions with their
 * ratings, publications) in ONE transaction, so a press release and the rating change it
 * announces become public at the same instant, and enqueues subscribers' e-mails in it, so they
 * go out exactly once. With several app instances, the transaction-scoped advisory lock makes a
 * second instance wait for the first to commit; it then finds nothing left to publish (every
 * step is a conditional UPDATE ... WHERE status = 'scheduled'). Scheduling a publication takes
 * the same lock, so nothing becomes due halfway through a run.
 */
export function publishAllDue(db: Kysely<DB>, now: Date, publicUrl: string): Promise<Published> {
  return withActor(db, { name: 'scheduler' }, async (trx) => {
    await holdPublishingLock(trx)
    const updates = await publishUpdatesIn(trx, now)
    const decisions = await publishDecisionsIn(trx, now)
    const publications = await publishPublicationsIn(trx, now)
    let notifications = 0
    for (const id of publications) notifications += await notifySubscribers(trx, id, publicUrl)
    return { updates, decisions, publications, notifications }
  })
}

async function publishPublicationsIn(trx: Transaction<DB>, now: Date): Promise<number[]> {
  const rows = await trx
    .updateTable('publications')
    .set((eb) => ({ status: 'published', published_at: eb.ref('embargo_until'), updated_at: now }))
    .where('status', '=', 'scheduled')
    .where('embargo_until', '<=', now)
    .returning('id')
    .execute()
  return rows.map((r) => r.id).sort((a, b) => a - b)
}
