import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from '../../db/schema.js'
import { publishDecisionsDue } from '../decisions/decisions.service.js'
import { publishDue } from './updates.service.js'

/** Publishes scheduled updates and rating decisions when their time comes, checking every few seconds while the server runs. */
export function startScheduler(db: Kysely<DB>, log: Logger, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = running
      .then(() => publishDue(db, new Date()))
      .then((ids) => {
        if (ids.length > 0) log.info({ updates: ids }, 'scheduled updates published')
      })
      .catch((error: unknown) => log.error({ err: error }, 'scheduled publication of updates failed'))
      // One job failing never holds up the other.
      .then(() => publishDecisionsDue(db, new Date()))
      .then((ids) => {
        if (ids.length > 0) log.info({ decisions: ids }, 'scheduled rating decisions published')
      })
      .catch((error: unknown) => log.error({ err: error }, 'scheduled publication of rating decisions failed'))
  }, everyMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
