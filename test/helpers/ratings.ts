import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import type { Category } from '../../src/features/ratings/scale.js'
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

/** A rating decision the panel has approved (fictional rationale), ready to be scheduled. */
export async function makeApprovedDecision(
  db: Kysely<DB>,
  options: { countryCode: string; createdBy: number; toCategory?: Category; toScore?: number },
): Promise<number> {
  const methodologyId = await ensureMethodology(db)
  const row = await db
    .insertInto('rating_decisions')
    .values({
      country_code: options.countryCode,
      status: 'approved',
      from_category: null,
      from_score: null,
      to_category: options.toCategory ?? 'repressed',
      to_score: options.toScore ?? 30,
      rationale: JSON.stringify({ en: 'Fictional rationale for a fictional country.' }),
      methodology_id: methodologyId,
      quorum: JSON.stringify({ minimumVotes: 3, approvalShare: 0.5 }),
      created_by: options.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
