import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { DEFAULT_METHODOLOGY } from '../../src/features/methodology/methodology.js'
import { methodologyInForce } from '../../src/features/methodology/methodology.queries.js'

/** The methodology in force: the seeded one, or version 1 inserted when a test database has none. */
export async function ensureMethodology(db: Kysely<DB>): Promise<number> {
  const existing = await methodologyInForce(db)
  if (existing) return existing.id
  const row = await db
    .insertInto('methodology_versions')
    .values({
      label: 'v1',
      status: 'published',
      config: JSON.stringify(DEFAULT_METHODOLOGY),
      published_at: new Date('2020-01-01T00:00:00Z'),
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
