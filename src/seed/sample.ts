import { readFile } from 'node:fs/promises'
import type { Kysely } from 'kysely'
import { importIncidents, importUpdates, type LineError } from '../features/updates/updates.import.js'
import { withActor } from '../db/audit.js'
import type { DB } from '../db/schema.js'
import { SAMPLE_DIR } from './inputs.js'

/**
 * The optional sample set (seed/sample/README.md): invented updates and incidents, stored with
 * `sample = true` so every page labels them. Loaded once; a second run changes nothing. Credited
 * to a sample account that has no password and so can never sign in.
 */
const AUTHOR = 'sample.author@example.org'
const actor = { name: 'seed:sample' }

export async function seedSample(db: Kysely<DB>, now: Date): Promise<{ updates: number; incidents: number } | 'present'> {
  const present = await db.selectFrom('updates').select('id').where('sample', '=', true).limit(1).executeTakeFirst()
  if (present) return 'present'
  await withActor(db, actor, (trx) =>
    trx
      .insertInto('users')
      .values({ email: AUTHOR, display_name: 'Sample author', status: 'active' })
      .onConflict((oc) => oc.column('email').doNothing())
      .execute(),
  )
  const fail = (errors: LineError[]) =>
    new Error(`The sample set did not import:\n${errors.map((e) => `line ${e.line}: ${e.message}`).join('\n')}`)
  const updates = await importUpdates(db, await readFile(new URL('updates.csv', SAMPLE_DIR), 'utf8'), {
    authorEmail: AUTHOR,
    actor,
    now,
    sample: true,
  })
  if (updates.errors.length > 0) throw fail(updates.errors)
  const incidents = await importIncidents(db, await readFile(new URL('incidents.csv', SAMPLE_DIR), 'utf8'), { actor, now })
  if (incidents.errors.length > 0) throw fail(incidents.errors)
  return { updates: updates.inserted, incidents: incidents.inserted }
}
