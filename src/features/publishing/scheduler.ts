import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { DB } from '../../db/schema.js'
import { publishAllDue } from './publish-due.js'

/**
 * Publishes what is due (updates, rating decisions, publications: together, in one transaction)
 * every few seconds while the server runs.
 */
export function startScheduler(db: Kysely<DB>, log: Logger, publicUrl: string, everyMs = 5000): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = running
      .then(() => publishAllDue(db, new Date(), publicUrl))
      .then((done) => {
        if (done.updates.length + done.decisions.length + done.publications.length > 0) log.info(done, 'scheduled content published')
      })
      .catch((error: unknown) => log.error({ err: error }, 'scheduled publication failed'))
  }, everyMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
