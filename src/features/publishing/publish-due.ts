import type { Kysely } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { publishDecisionsIn } from '../decisions/decisions.schedule.js'
import { publishPublicationsIn } from '../publications/publications.service.js'
import { notifySubscribers } from '../subscriptions/notify.js'
import { publishUpdatesIn } from '../updates/updates.schedule.js'
import { holdPublishingLock } from './publishing-lock.js'

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
 * step is a conditional UPDATE ... WHERE status = 'scheduled'). Scheduling takes the same lock
 * (publishing.service.ts), so nothing becomes due halfway through a run.
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
