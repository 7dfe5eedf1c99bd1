import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { loadUser } from '../../src/features/accounts/users.queries.js'
import type { UpdateDraft } from '../../src/features/updates/update-form.js'
import { withActor } from '../../src/db/audit.js'
import { holdPublishingLock } from '../../src/features/publishing/publishing-lock.js'
import { publishUpdatesIn } from '../../src/features/updates/updates.schedule.js'
import { createUpdate, takeStep } from '../../src/features/updates/updates.service.js'
import type { CurrentUser } from '../../src/lib/policies.js'
import { createUser } from './factories.js'

/** An update written by a fresh editor and taken to the given status (published at `now`). */
export async function makeUpdate(
  db: Kysely<DB>,
  draft: Partial<UpdateDraft> & { countryCode: string },
  options: { now: Date; status?: 'draft' | 'submitted' | 'scheduled' | 'published'; publishAt?: Date },
): Promise<number> {
  const editor = (await loadUser(db, (await createUser(db, { roles: ['editor'] })).id)) as CurrentUser
  const context = { user: editor, ip: '192.0.2.1', now: options.now }
  const id = await createUpdate(
    db,
    {
      language: 'en',
      translationOf: null,
      title: 'A fictional update',
      summary: 'Fictional summary.',
      body: 'Fictional body.',
      periodStart: null,
      periodEnd: null,
      freedoms: ['expression'],
      tagIds: [],
      sources: [],
      incidents: [],
      ...draft,
    },
    context,
  )
  const status = options.status ?? 'published'
  if (status === 'draft') return id
  await takeStep(db, id, 'submit', ['draft'], context)
  if (status === 'submitted') return id
  await takeStep(db, id, 'approve', ['submitted'], context)
  await takeStep(db, id, 'schedule', ['approved'], { ...context, publishAt: options.publishAt ?? options.now })
  // Due updates only, under the publishing lock: a fixture's scheduled decisions and publications keep their embargo.
  if (status === 'published')
    await withActor(db, { name: 'scheduler' }, async (trx) => {
      await holdPublishingLock(trx)
      await publishUpdatesIn(trx, options.now)
    })
  return id
}
