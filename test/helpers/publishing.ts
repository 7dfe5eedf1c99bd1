import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { publishAllDue, type Published } from '../../src/features/publishing/publish-due.js'

/** The publishing run at `at`, as the scheduler runs it: under the publishing lock, everything due at once. */
export function publishDue(db: Kysely<DB>, at: Date): Promise<Published> {
  return publishAllDue(db, at, 'http://civic-monitor.test')
}
