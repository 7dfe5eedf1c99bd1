import { sql, type Transaction } from 'kysely'
import type { DB } from '../../db/schema.js'

/** Any fixed number: the key of the advisory lock that serialises publishing across instances. */
const PUBLISHING_LOCK = 7_230_006

/**
 * Holds the publishing lock until the transaction ends. The publishing run takes it, and so does
 * every transaction that schedules, unschedules or saves a publication with its linked items:
 * none can commit in the middle of a publishing run, whose statements (each with its own
 * snapshot on a PostgreSQL server) would otherwise see a release but not the rating change
 * scheduled with it. Take it first, before any row lock, so that the two kinds of transaction
 * cannot deadlock.
 */
export async function holdPublishingLock(trx: Transaction<DB>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${PUBLISHING_LOCK})`.execute(trx)
}
