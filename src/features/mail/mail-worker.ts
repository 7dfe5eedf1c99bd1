import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Config } from '../../config.js'
import type { DB } from '../../db/schema.js'
import { deliverDue, fileTransport, smtpTransport } from './outbox.js'

/** Delivers the outbox every few seconds while the server runs. */
export function startMailWorker(db: Kysely<DB>, config: Config, log: Logger, everyMs = 2000): () => Promise<void> {
  const transport = config.smtpUrl
    ? smtpTransport(config.smtpUrl, { connections: config.mailPoolSize, ratePerSecond: config.mailRate })
    : fileTransport(join(config.dataDir, 'outbox'))
  // About five seconds of sending per batch (far within the claim), never fewer than the pool's
  // connections; a run stops after a minute or so, and the next tick starts again with its own time.
  const batch = Math.min(500, Math.max(config.mailPoolSize, config.mailRate * 5))
  const limit = batch * 12
  let running: Promise<unknown> | null = null
  const stopping = new AbortController()
  // A tick finds the previous one still sending (a large mailing, a slow server): it lets it be.
  const timer = setInterval(() => {
    if (running) return
    running = deliverDue(db, transport, { now: new Date(), from: config.mailFrom, limit, batch, signal: stopping.signal })
      .then(({ sent, failed }) => {
        if (sent || failed) log.info({ sent, failed, via: config.smtpUrl ? 'smtp' : 'files' }, 'outbox delivered')
      })
      .catch((error: unknown) => log.error({ err: error }, 'outbox delivery failed'))
      .finally(() => (running = null))
  }, everyMs)
  timer.unref()
  return async () => {
    clearInterval(timer)
    stopping.abort() // the batch on its way is finished, no other is started
    await running
    transport.close?.()
  }
}
