import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Kysely, Transaction } from 'kysely'
import nodemailer from 'nodemailer'
import type { DB } from '../../db/schema.js'

/**
 * E-mail goes through the outbox table: a message is added in the same transaction as the
 * change it reports, and a worker delivers due messages, retrying with growing delays.
 * Without SMTP_URL (development) each message is written as an .eml file in DATA_DIR/outbox/;
 * with it, nodemailer sends it.
 */
export interface Mail {
  to: string
  subject: string
  body: string
  /** Extra headers, e.g. List-Unsubscribe (RFC 2369, 8058). */
  headers?: Record<string, string>
}

export function enqueueMail(trx: Transaction<DB> | Kysely<DB>, mail: Mail): Promise<unknown> {
  return trx
    .insertInto('outbox')
    .values({ recipient: mail.to, subject: mail.subject, body: mail.body, headers: JSON.stringify(mail.headers ?? {}) })
    .execute()
}

export interface MailTransport {
  send(message: { id: number; from: string; to: string; subject: string; text: string; headers: Record<string, string> }): Promise<void>
  /** Closes the transport's connections (the server's shutdown). */
  close?(): void
}

/** How the SMTP transport paces a mailing (MAIL_POOL_SIZE, MAIL_RATE). */
export interface SmtpPacing {
  /** Connections kept open to the server at most. */
  connections: number
  /** Messages per second at most (this process), whatever the number of connections. */
  ratePerSecond: number
}

/** Messages one connection carries before it is closed and another opened (servers limit it). */
export const MESSAGES_PER_CONNECTION = 100

/**
 * SMTP through a pool of kept-open connections: a mailing to tens of thousands of subscribers
 * costs one connection, greeting and login per hundred messages instead of one per message,
 * and goes no faster than the server accepts (nodemailer's pool, with its rate limit).
 */
export function smtpTransport(url: string, pacing: SmtpPacing): MailTransport {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: pacing.connections,
    maxMessages: MESSAGES_PER_CONNECTION,
    rateDelta: 1000,
    rateLimit: pacing.ratePerSecond,
  })
  return {
    send: async ({ from, to, subject, text, headers }) => void (await transport.sendMail({ from, to, subject, text, headers })),
    close: () => transport.close(),
  }
}

/** Writes each message as DATA_DIR/outbox/<id>.eml, a complete RFC 5322 message. */
export function fileTransport(dir: string): MailTransport {
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' })
  return {
    async send({ id, from, to, subject, text, headers }) {
      const info = (await builder.sendMail({ from, to, subject, text, headers })) as { message: Buffer }
      await mkdir(dir, { recursive: true, mode: 0o700 })
      await writeFile(join(dir, `${String(id).padStart(8, '0')}.eml`), info.message, { mode: 0o600 })
    },
  }
}

/** 1 min, 5 min, 30 min, 2 h, then every 6 h. */
export function retryDelayMs(attempts: number): number {
  return [60_000, 300_000, 1_800_000, 7_200_000][attempts - 1] ?? 21_600_000
}

/**
 * How long a claimed message is left to its sender before another attempt may pick it up: longer
 * than an SMTP exchange can take (nodemailer gives up on a silent server after 2 minutes).
 */
export const CLAIM_MS = 15 * 60_000

/**
 * Delivers the due messages, a batch at a time. A batch is claimed in a short transaction
 * (FOR UPDATE SKIP LOCKED, and its next attempt moved past the claim), so several app instances
 * never pick the same message; it is sent outside any transaction, so a slow or silent SMTP server
 * holds no lock and no connection (on PGlite, the one connection every page needs), its messages
 * side by side (the SMTP pool spreads them over its connections at its rate); then each is marked
 * sent, or failed with a later retry. A crash between sending and marking sends a message again
 * once the claim has lapsed: at least once, never twice otherwise. A batch must go out well
 * within CLAIM_MS: the worker sizes it from the rate.
 */
export async function deliverDue(
  db: Kysely<DB>,
  transport: MailTransport,
  options: { now: Date; from: string; limit?: number; batch?: number; signal?: AbortSignal },
): Promise<{ sent: number; failed: number }> {
  const limit = options.limit ?? 20
  let sent = 0
  let failed = 0
  while (sent + failed < limit && !options.signal?.aborted) {
    const messages = await claimDue(db, options.now, Math.min(options.batch ?? 20, limit - sent - failed))
    if (messages.length === 0) break
    const results = await Promise.allSettled(
      messages.map((m) =>
        transport.send({ id: m.id, from: options.from, to: m.recipient, subject: m.subject, text: m.body, headers: m.headers }),
      ),
    )
    const delivered = messages.filter((_, i) => results[i]!.status === 'fulfilled')
    if (delivered.length > 0)
      await db
        .updateTable('outbox')
        .set((eb) => ({ sent_at: options.now, attempts: eb('attempts', '+', 1), last_error: null }))
        .where(
          'id',
          'in',
          delivered.map((m) => m.id),
        )
        .execute()
    for (const [i, result] of results.entries()) {
      if (result.status === 'fulfilled') continue
      const message = messages[i]!
      await db
        .updateTable('outbox')
        .set({
          attempts: message.attempts + 1,
          last_error: String((result.reason as Error).message).slice(0, 500),
          next_attempt_at: new Date(options.now.getTime() + retryDelayMs(message.attempts + 1)),
        })
        .where('id', '=', message.id)
        .execute()
    }
    sent += delivered.length
    failed += messages.length - delivered.length
  }
  return { sent, failed }
}

/** Up to `count` due messages, oldest first, claimed for CLAIM_MS. */
function claimDue(db: Kysely<DB>, now: Date, count: number) {
  return db.transaction().execute(async (trx) => {
    const messages = await trx
      .selectFrom('outbox')
      .select(['id', 'recipient', 'subject', 'body', 'attempts', 'headers'])
      .where('sent_at', 'is', null)
      .where('cancelled_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(count)
      .forUpdate()
      .skipLocked()
      .execute()
    if (messages.length > 0)
      await trx
        .updateTable('outbox')
        .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
        .where(
          'id',
          'in',
          messages.map((m) => m.id),
        )
        .execute()
    return messages
  })
}

/**
 * Cancels the e-mails announcing a publication that have not gone out (it was withdrawn), in the
 * caller's transaction. A message already claimed by a sender still goes; none is sent after.
 */
export async function cancelMailsOf(trx: Transaction<DB>, publicationId: number, now: Date): Promise<void> {
  await trx
    .updateTable('outbox')
    .set({ cancelled_at: now })
    .where('publication_id', '=', publicationId)
    .where('sent_at', 'is', null)
    .where('cancelled_at', 'is', null)
    .execute()
}
