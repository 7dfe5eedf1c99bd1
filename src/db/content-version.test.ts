import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, freshDatabase } from '../../test/helpers/databases.js'
import { createCountry, createUser } from '../../test/helpers/factories.js'
import { makeApprovedDecision } from '../../test/helpers/ratings.js'
import { makeUpdate } from '../../test/helpers/updates.js'
import { ContentVersion, type VersionSource } from './content-version.js'
import type { Database } from './database.js'

const NOW = new Date('2030-05-01T10:00:00Z')

describe.each(backends)('the version of public content on %s', (kind) => {
  let database: Database
  const stored = async () => Number((await database.db.selectFrom('content_version').select('version').executeTakeFirstOrThrow()).version)
  beforeAll(async () => {
    database = await freshDatabase(kind)
    await createCountry(database.db, { code: 'XCV', name: 'Fictional Versionia' })
  })
  afterAll(() => database.close())

  it('changes when, and only when, something public changes, once per transaction', async () => {
    const { db } = database
    const before = await stored()
    // Back-office work: a draft, a submitted update, an account, a decision with the panel.
    const draft = await makeUpdate(db, { countryCode: 'XCV' }, { now: NOW, status: 'draft' })
    await makeUpdate(db, { countryCode: 'XCV', title: 'A fictional submitted update' }, { now: NOW, status: 'submitted' })
    await db.updateTable('updates').set({ title: 'A fictional draft, saved again' }).where('id', '=', draft).execute()
    const editor = await createUser(db, { roles: ['editor', 'panelist'] })
    const decision = await makeApprovedDecision(db, { countryCode: 'XCV', createdBy: editor.id, toCategory: 'repressed', toScore: 30 })
    await db.updateTable('rating_decisions').set({ status: 'panel_review' }).where('id', '=', decision).execute()
    expect(await stored()).toBe(before)

    // Public: a published update (its rows written in one transaction count once).
    await makeUpdate(db, { countryCode: 'XCV', title: 'A fictional published update' }, { now: NOW, status: 'published' })
    const published = await stored()
    expect(published).toBeGreaterThan(before)
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('updates').set({ title: 'A fictional correction' }).where('status', '=', 'published').execute()
      await trx.updateTable('countries').set({ population: 2000 }).where('code', '=', 'XCV').execute()
    })
    expect(await stored()).toBe(published + 1)
    // A decision flagged "under review" shows on the country's page.
    await db.updateTable('rating_decisions').set({ under_review: true }).where('id', '=', decision).execute()
    expect(await stored()).toBe(published + 2)
    // A source added to a draft is private; to a published update, public.
    const source = (update_id: number) => ({ update_id, position: 9, url: 'https://example.org/fictional', title: 'Fictional source' })
    await db.insertInto('update_sources').values(source(draft)).execute()
    expect(await stored()).toBe(published + 2)
    const shown = await db.selectFrom('updates').select('id').where('status', '=', 'published').executeTakeFirstOrThrow()
    await db.insertInto('update_sources').values(source(shown.id)).execute()
    expect(await stored()).toBe(published + 3)
  })

  it('answers from memory until this process writes, then reads the database once', async () => {
    const version = await ContentVersion.watch(database, { pollMs: 60_000 })
    try {
      const first = version.current()
      expect(first).toBe(await stored()) // a number, not a promise: no query was made
      await makeUpdate(database.db, { countryCode: 'XCV', title: 'A fictional second update' }, { now: NOW, status: 'published' })
      const after = version.current()
      expect(after).toBeInstanceOf(Promise)
      expect(await after).toBe(await stored())
      expect(await after).toBeGreaterThan(first as number)
      expect(version.current()).toBe(await after)
    } finally {
      await version.stop()
    }
  })

  it('learns of another process’s change from its notification, and without one within a poll', async () => {
    // Writes through `db` that this source does not count, as another instance's or a command's would be.
    const elsewhere = (listen: VersionSource['listen']): VersionSource => ({ db: database.db, writes: () => 0, listen })
    const notified = await ContentVersion.watch(
      elsewhere((channel, onMessage) => database.listen(channel, onMessage)),
      { pollMs: 60_000 },
    )
    const silent = await ContentVersion.watch(
      elsewhere(() => Promise.resolve(() => Promise.resolve())),
      { pollMs: 100 },
    )
    try {
      const before = await stored()
      await sql`update countries set population = population + 1 where code = 'XCV'`.execute(database.db)
      await expect.poll(() => notified.current(), { timeout: 1000, interval: 10 }).toBe(before + 1)
      await expect.poll(() => silent.current(), { timeout: 1000, interval: 20 }).toBe(before + 1)
    } finally {
      await notified.stop()
      await silent.stop()
    }
  })
})
