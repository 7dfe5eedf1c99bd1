import { Migrator, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, freshDatabase } from '../../../test/helpers/databases.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { makePublication } from '../../../test/helpers/publications.js'
import { makeApprovedDecision } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import type { Database } from '../database.js'
import { migrateToLatest } from '../migrate.js'
import { migrations } from './index.js'

/** Migration 0009 on data written before it: it stops on a broken rule, and fills scheduled_with. */
const AT = new Date('2030-07-01T00:00:00Z')

describe.each(backends)('migration 0009 (publishing owner) on %s', (kind) => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase(kind)
    const migrator = new Migrator({ db: database.db as Kysely<unknown>, provider: { getMigrations: () => Promise.resolve(migrations) } })
    const { error } = await migrator.migrateTo('0008_accreditation_language_revoked')
    if (error) throw error instanceof Error ? error : new Error(JSON.stringify(error))
  })
  afterAll(() => database.close())

  it('refuses two scheduled decisions for one country, saying what to do, then names the publication each scheduled item moves with', async () => {
    const db = database.db
    const { code } = await createCountry(db)
    const editor = await createUser(db, { roles: ['editor'] })
    const [a, b, alone] = [
      await makeApprovedDecision(db, { countryCode: code, createdBy: editor.id }),
      await makeApprovedDecision(db, { countryCode: code, createdBy: editor.id }),
      await makeApprovedDecision(db, { countryCode: (await createCountry(db)).code, createdBy: editor.id }),
    ]
    const update = await makeUpdate(db, { countryCode: code }, { now: new Date('2030-06-01T00:00:00Z'), status: 'submitted' })
    await db.updateTable('updates').set({ status: 'scheduled', publish_at: AT }).where('id', '=', update).execute()
    await db.updateTable('rating_decisions').set({ status: 'scheduled', embargo_until: AT }).where('id', 'in', [a, b, alone]).execute()
    await expect(migrateToLatest(db)).rejects.toThrow(`More than one rating decision is scheduled for ${code}. Unschedule all but one`)

    await db.updateTable('rating_decisions').set({ status: 'approved', embargo_until: null }).where('id', '=', b).execute()
    const publication = await makePublication(db, {
      createdBy: editor.id,
      status: 'scheduled',
      embargoUntil: AT,
      texts: [{ language: 'en', slug: `fictional-migration-${kind}`, title: 'A fictional release' }],
      decisionIds: [a, b],
      updateIds: [update],
    })
    expect((await migrateToLatest(db))[0]).toBe('0009_publishing_owner') // then any later migration
    const decisions = await db
      .selectFrom('rating_decisions')
      .select(['id', 'scheduled_with'])
      .where('id', 'in', [a, b, alone])
      .orderBy('id')
      .execute()
    expect(decisions).toEqual([
      { id: a, scheduled_with: publication.id },
      { id: b, scheduled_with: null },
      { id: alone, scheduled_with: null },
    ])
    expect(await db.selectFrom('updates').select('scheduled_with').where('id', '=', update).executeTakeFirstOrThrow()).toEqual({
      scheduled_with: publication.id,
    })
  })
})
