import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'
import { createCountry, rateCountry } from '../../../test/helpers/factories.js'
import { importRatings } from './ratings.service.js'

const TEST_ACTOR = { name: 'test:importer', ip: '192.0.2.1' }

const snapshot = readFileSync(new URL('../../../seed/civicus_monitor_ratings_2021-03-19.csv', import.meta.url), 'utf8')

describe.each(backends)('GET /api/v1/ratings on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2030-06-01T12:00:00Z') })

  it('gives the seeded snapshot on 2021-03-19: totals match the data file, Kazakhstan obstructed', async () => {
    const res = await t().app.inject('/api/v1/ratings?date=2021-03-19')
    expect(res.statusCode).toBe(200)
    const body = res.json<{
      date: string
      totals: Record<string, number>
      countries: { code: string; category: string; score: null; since: string }[]
      unrated: string[]
    }>()
    expect(body.date).toBe('2021-03-19')
    const fromFile = (name: string) => snapshot.split(/\r?\n/).filter((l) => l.split(',')[3] === name).length
    expect(body.totals).toEqual({
      open: fromFile('Open'),
      narrowed: fromFile('Narrowed'),
      obstructed: fromFile('Obstructed'),
      repressed: fromFile('Repressed'),
      closed: fromFile('Closed'),
    })
    expect(body.totals).toEqual({ open: 42, narrowed: 40, obstructed: 47, repressed: 44, closed: 23 })
    expect(body.countries.find((c) => c.code === 'KAZ')).toEqual({ code: 'KAZ', category: 'obstructed', score: null, since: '2021-03-19' })
    expect(body.countries).toHaveLength(196)
    expect(body.unrated).toEqual(['GRL'])
  })

  it('draws as of any date: before the first rating nothing is rated; later ratings take over', async () => {
    const before = (await t().app.inject('/api/v1/ratings?date=2021-03-18')).json<{
      totals: Record<string, number>
      countries: unknown[]
    }>()
    expect(before.countries).toEqual([])
    expect(Object.values(before.totals).every((n) => n === 0)).toBe(true)

    const { code } = await createCountry(t().database.db)
    await rateCountry(t().database.db, code, 'narrowed', '2029-01-01', 70)
    await rateCountry(t().database.db, code, 'repressed', '2030-01-01', 30)
    const at = async (date: string) =>
      (await t().app.inject(`/api/v1/ratings?date=${date}`))
        .json<{ countries: { code: string; category: string }[] }>()
        .countries.find((c) => c.code === code)
    expect(await at('2028-12-31')).toBeUndefined()
    expect(await at('2029-06-30')).toMatchObject({ category: 'narrowed', score: 70, since: '2029-01-01' })
    expect(await at('2030-01-01')).toMatchObject({ category: 'repressed', score: 30, since: '2030-01-01' })
    // Without a date, "today" comes from the app's clock (2030-06-01).
    const today = (await t().app.inject('/api/v1/ratings')).json<{ date: string }>()
    expect(today.date).toBe('2030-06-01')
  })

  it('answers 400 with a clear message for a malformed or impossible date', async () => {
    for (const bad of ['2021-02-30', '19-03-2021', 'yesterday', '2021-03-19T00:00:00Z']) {
      const res = await t().app.inject(`/api/v1/ratings?date=${encodeURIComponent(bad)}`)
      expect(res.statusCode, bad).toBe(400)
      expect(res.headers['content-type']).toMatch(/application\/json/)
      const body = res.json<{ error: { code: string; message: string; details: { field: string }[] } }>()
      expect(body.error.code).toBe('invalid_request')
      expect(body.error.message).toContain('YYYY-MM-DD')
      expect(body.error.details[0]?.field).toBe('date')
    }
  })
})

describe.each(backends)('importRatings on %s', (kind) => {
  const t = useTestApp(kind)
  const count = async () =>
    Number(
      (
        await t()
          .database.db.selectFrom('ratings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )

  it('writes nothing when any line is bad, and everything when all are good', async () => {
    const a = await createCountry(t().database.db)
    const b = await createCountry(t().database.db)
    const before = await count()
    const bad = await importRatings(
      t().database.db,
      `country,category,effective_date\n${a.code},open,2025-01-01\n${b.code},sideways,2025-01-01\n`,
      { today: '2026-01-01', defaultSource: 'test', actor: TEST_ACTOR },
    )
    expect(bad.inserted).toBe(0)
    expect(bad.errors).toEqual([{ line: 3, message: expect.stringContaining('unknown category "sideways"') as string }])
    expect(await count()).toBe(before)

    const good = await importRatings(
      t().database.db,
      `country,category,effective_date,score\n${a.code},open,2025-01-01,85\n${b.code},closed,2025-01-01,\n`,
      { today: '2026-01-01', defaultSource: 'test', actor: TEST_ACTOR },
    )
    expect(good).toEqual({ inserted: 2, errors: [], skipped: [] })
    expect(await count()).toBe(before + 2)

    const again = await importRatings(t().database.db, `country,category,effective_date\n${a.code},open,2025-01-01\n`, {
      today: '2026-01-01',
      defaultSource: 'test',
      actor: TEST_ACTOR,
    })
    expect(again.errors[0]?.message).toMatch(/already has a rating on 2025-01-01 in the database/)
    expect(await count()).toBe(before + 2)
  })

  it('rolls back a batch the database itself refuses', async () => {
    const { code } = await createCountry(t().database.db)
    const before = await count()
    await expect(
      t()
        .database.db.transaction()
        .execute(async (trx) => {
          await trx
            .insertInto('ratings')
            .values({ country_code: code, category: 'open', score: 90, effective_date: '2019-01-01', source: 'test' })
            .execute()
          await trx
            .insertInto('ratings')
            .values({ country_code: code, category: 'closed', score: 10, effective_date: '2019-01-01', source: 'test' })
            .execute()
        }),
    ).rejects.toThrow(/ratings_country_date_unique/)
    expect(await count()).toBe(before)
  })
})
