import type { Kysely } from 'kysely'
import type { DB } from './schema.js'

/** The version of published content, bumped by triggers on every write (migration 0001). */
export async function contentVersion(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('content_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
  return row.version
}
