import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

/** Where the e-mails announcing one publication stand, for its editors. */
export interface MailingProgress {
  sent: number
  /** Not sent yet and not failed so far. */
  waiting: number
  /** Not sent: the last attempt failed, another comes later (outbox.ts, retryDelayMs). */
  failed: number
  /** Never sent: the publication was withdrawn first. */
  cancelled: number
}

export async function mailingProgress(db: Kysely<DB>, publicationId: number): Promise<MailingProgress> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.count<number>('id').filterWhere('sent_at', 'is not', null).as('sent'),
      eb.fn
        .count<number>('id')
        .filterWhere((w) => w.and([w('sent_at', 'is', null), w('cancelled_at', 'is', null), w('last_error', 'is', null)]))
        .as('waiting'),
      eb.fn
        .count<number>('id')
        .filterWhere((w) => w.and([w('sent_at', 'is', null), w('cancelled_at', 'is', null), w('last_error', 'is not', null)]))
        .as('failed'),
      eb.fn
        .count<number>('id')
        .filterWhere((w) => w.and([w('sent_at', 'is', null), w('cancelled_at', 'is not', null)]))
        .as('cancelled'),
    ])
    .where('publication_id', '=', publicationId)
    .executeTakeFirstOrThrow()
  return { sent: Number(row.sent), waiting: Number(row.waiting), failed: Number(row.failed), cancelled: Number(row.cancelled) }
}
