import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../../config.js'
import type { DB } from '../../db/schema.js'
import { deliverDue, fileTransport, smtpTransport } from './outbox.js'

/** Delivers the outbox every few seconds while the server runs. */
export function startMailWorker(db: Kysely<DB>, config: Config, log: Logger, everyMs = 2000): () => Promise<void> {
  const transport = config.smtpUrl ? smtpTransport(config.smtpUrl) : fileTransport(join(config.dataDir, 'outbox'))
  let running: Promise<unknown> = Promise.resolve()
  const timer = setInterval(() => {
    running = running
      .then(() => deliverDue(db, transport, { now: new Date(), from: config.mailFrom }))
      .then(({ sent, failed }) => {
        if (sent || failed) log.info({ sent, failed, via: config.smtpUrl ? 'smtp' : 'files' }, 'outbox delivered')
      })
      .catch((error: unknown) => log.error({ err: error }, 'outbox delivery failed'))
  }, everyMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    await running
  }
}
