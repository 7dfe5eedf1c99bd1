import { sql, type Kysely, type Transaction } from 'kysely'
import type { DB } from './schema.js'

/**
 * Who is writing. Every write runs in a transaction that first declares its actor and IP;
 * the audit triggers (migration 0002) copy them into each audit_log row they add.
 */
export interface Actor {
  /** 'user:42', 'cli:alice', 'seed', 'system' */
  name: string
  ip?: string | null
}

export function withActor<T>(db: Kysely<DB>, actor: Actor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('civic.actor', ${actor.name}, true), set_config('civic.ip', ${actor.ip ?? ''}, true)`.execute(trx)
    return work(trx)
  })
}
