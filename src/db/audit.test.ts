import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { backends } from '../../test/helpers/databases.js'
import { useTestApp } from '../../test/helpers/app.js'
import { createCountry } from '../../test/helpers/factories.js'
import { withActor } from './audit.js'
import { importRatings } from '../features/ratings/ratings.service.js'

describe.each(backends)('audit log on %s', (kind) => {
  const t = useTestApp(kind)
  const entries = (subject: string, key: string) =>
    t()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', subject)
      .where('subject_key', '=', key)
      .orderBy('id')
      .execute()

  it('records who, what, when, from where, with before and after, for every write', async () => {
    const db = t().database.db
    const { code } = await withActor(db, { name: 'test:editor', ip: '192.0.2.7' }, (trx) => createCountry(trx))
    const [created] = await entries('countries', code)
    expect(created).toMatchObject({ actor: 'test:editor', ip: '192.0.2.7', action: 'insert', before: null })
    expect(created?.after).toMatchObject({ code, region: 'Europe' })
    expect(created?.at).toBeInstanceOf(Date)

    await withActor(db, { name: 'test:admin' }, (trx) =>
      trx.updateTable('countries').set({ population: 2000 }).where('code', '=', code).execute(),
    )
    const changed = (await entries('countries', code))[1]
    expect(changed).toMatchObject({ actor: 'test:admin', ip: null, action: 'update' })
    expect([(changed?.before as { population: number }).population, (changed?.after as { population: number }).population]).toEqual([
      1000, 2000,
    ])

    await withActor(db, { name: 'test:admin' }, (trx) =>
      trx.updateTable('countries').set({ population: 2000 }).where('code', '=', code).execute(),
    )
    expect(await entries('countries', code)).toHaveLength(2) // a write that changes nothing records nothing
  })

  it('records imports under the importer, and writes outside withActor as "system"', async () => {
    const db = t().database.db
    const { code } = await createCountry(db)
    expect((await entries('countries', code))[0]?.actor).toBe('system')
    const outcome = await importRatings(db, `country,category,effective_date\n${code},narrowed,2025-05-05\n`, {
      today: '2026-01-01',
      defaultSource: 'test',
      actor: { name: 'cli:fictional-admin' },
    })
    expect(outcome.inserted).toBe(1)
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('subject', '=', 'ratings')
      .where('actor', '=', 'cli:fictional-admin')
      .execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]?.after).toMatchObject({ country_code: code, category: 'narrowed', effective_date: '2025-05-05' })
  })

  it('never copies secrets into the log', async () => {
    const db = t().database.db
    const user = await withActor(db, { name: 'test:admin' }, (trx) =>
      trx
        .insertInto('users')
        .values({
          email: 'fictional.researcher@example.org',
          display_name: 'Fictional Researcher',
          password_hash: '$argon2id$secret',
          totp_secret: 'SECRETBASE32',
        })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    const [entry] = await entries('users', String(user.id))
    expect(entry?.after).toMatchObject({ email: 'fictional.researcher@example.org' })
    expect(JSON.stringify(entry)).not.toMatch(/secret|SECRETBASE32|argon2/)
  })

  it('is append-only: the database refuses to change, delete or truncate it', async () => {
    const db = t().database.db
    const before = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(before.n)).toBeGreaterThan(0)
    await expect(db.updateTable('audit_log').set({ actor: 'someone else' }).execute()).rejects.toThrow(/append-only/)
    await expect(db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/)
    await expect(sql`truncate audit_log`.execute(db)).rejects.toThrow(/append-only/)
    const after = await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow()
    expect(after.n).toEqual(before.n)
  })
})
