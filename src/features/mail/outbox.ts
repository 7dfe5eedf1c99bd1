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
}

export function smtpTransport(url: string): MailTransport {
  const transport = nodemailer.createTransport(url)
  return { send: async ({ from, to, subject, text, headers }) => void (await transport.sendMail({ from, to, subject, text, headers })) }
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
 * Delivers the due messages, one at a time. A message is claimed in a short transaction
 * (FOR UPDATE SKIP LOCKED, and its next attempt moved past the claim), so several app instances
 * never pick the same one; it is sent outside any transaction, so a slow or silent SMTP server
 * holds no lock and no connection (on PGlite, the one connection every page needs); then it is
 * marked sent, or failed with a later retry. A crash between sending and marking sends it again
 * once the claim has lapsed: at least once, never twice otherwise.
 */
export async function deliverDue(
  db: Kysely<DB>,
  transport: MailTransport,
  options: { now: Date; from: string; limit?: number; signal?: AbortSignal },
): Promise<{ sent: number; failed: number }> {
  let sent = 0
  let failed = 0
  for (let i = 0; i < (options.limit ?? 20) && !options.signal?.aborted; i++) {
    const message = await claimNext(db, options.now)
    if (!message) break
    try {
      await transport.send({
        id: message.id,
        from: options.from,
        to: message.recipient,
        subject: message.subject,
        text: message.body,
        headers: message.headers,
      })
    } catch (error) {
      await db
        .updateTable('outbox')
        .set({
          attempts: message.attempts + 1,
          last_error: String((error as Error).message).slice(0, 500),
          next_attempt_at: new Date(options.now.getTime() + retryDelayMs(message.attempts + 1)),
        })
        .where('id', '=', message.id)
        .execute()
      failed++
      continue
    }
    await db
      .updateTable('outbox')
      .set({ sent_at: options.now, attempts: message.attempts + 1, last_error: null })
      .where('id', '=', message.id)
      .execute()
    sent++
  }
  return { sent, failed }
}

/** The next due message, claimed for CLAIM_MS; null when none is due. */
function claimNext(db: Kysely<DB>, now: Date) {
  return db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('outbox')
      .select(['id', 'recipient', 'subject', 'body', 'attempts', 'headers'])
      .where('sent_at', 'is', null)
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(1)
      .forUpdate()
      .skipLocked()
      .executeTakeFirst()
    if (!message) return null
    await trx
      .updateTable('outbox')
      .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS) })
      .where('id', '=', message.id)
      .execute()
    return message
  })
}
