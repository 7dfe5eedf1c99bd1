import type { Kysely } from 'kysely'
import { beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/schema.js'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser, rateCountry } from '../../../test/helpers/factories.js'

interface ChangeJson {
  date: string
  country: string
  from: string
  to: string
  direction: string
  decisionId: number | null
  decisionUrl: string | null
}
interface ChangesJson {
  changes: ChangeJson[]
  total: number
  next: string | null
}

/** A published decision to link a rating to (the decisions feature owns the real workflow). */
async function fictionalDecision(db: Kysely<DB>, country: string): Promise<number> {
  const user = await createUser(db, { roles: ['editor'] })
  const methodology = await db
    .insertInto('methodology_versions')
    .values({ label: 'fictional-test', config: JSON.stringify({}) } as never)
    .returning('id')
    .executeTakeFirstOrThrow()
  const decision = await db
    .insertInto('rating_decisions')
    .values({
      country_code: country,
      status: 'published',
      from_category: 'obstructed',
      to_category: 'narrowed',
      to_score: 70,
      rationale: JSON.stringify({ en: 'Fictional rationale' }),
      methodology_id: methodology.id,
      quorum: JSON.stringify({}),
      embargo_until: new Date('2029-06-30T00:00:00Z'),
      published_at: new Date('2029-07-01T00:00:00Z'),
      created_by: user.id,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return Number(decision.id)
}

describe.each(backends)('the log of rating changes on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2030-06-01T12:00:00Z') })
  let decisionId = 0

  beforeAll(async () => {
    const db = t().database.db
    await createCountry(db, { code: 'XQA', name: 'Fictional Arcadia' })
    await createCountry(db, { code: 'XQB', name: 'Fictional Borduria' })
    await createCountry(db, { code: 'XQC', name: 'Fictional Carpania' })
    await db.updateTable('countries').set({ region: 'Oceania' }).where('code', '=', 'XQC').execute()
    await rateCountry(db, 'XQA', 'narrowed', '2028-01-01', 70) // first rating: a baseline
    await rateCountry(db, 'XQA', 'repressed', '2029-03-01', 30) // downgrade
    await rateCountry(db, 'XQA', 'repressed', '2029-09-01', 25) // new score, same category: no change
    await rateCountry(db, 'XQA', 'obstructed', '2030-02-01', 45) // upgrade
    await rateCountry(db, 'XQB', 'open', '2029-05-01', 90) // first rating
    await rateCountry(db, 'XQB', 'closed', '2030-08-01', 10) // after today: not in force yet
    await rateCountry(db, 'XQC', 'obstructed', '2029-01-01', 50)
    decisionId = await fictionalDecision(db, 'XQC')
    await db
      .insertInto('ratings')
      .values({
        country_code: 'XQC',
        category: 'narrowed',
        score: 70,
        effective_date: '2029-07-01',
        source: 'fictional',
        decision_id: decisionId,
      })
      .execute()
  })

  const changes = async (query = '') => {
    const res = await t().app.inject(`/api/v1/ratings/changes${query}`)
    expect(res.statusCode, query).toBe(200)
    return res.json<ChangesJson>()
  }

  it('lists category changes newest first; first ratings, same-category ratings and future ratings are not changes', async () => {
    const body = await changes()
    expect(body.total).toBe(3)
    expect(body.next).toBeNull()
    expect(body.changes.map((c) => [c.date, c.country, c.from, c.to, c.direction])).toEqual([
      ['2030-02-01', 'XQA', 'repressed', 'obstructed', 'upgrade'],
      ['2029-07-01', 'XQC', 'obstructed', 'narrowed', 'upgrade'],
      ['2029-03-01', 'XQA', 'narrowed', 'repressed', 'downgrade'],
    ])
    expect(body.changes[1]).toMatchObject({ decisionId, decisionUrl: `http://civic-monitor.test/decisions/${decisionId}` })
  })

  it('filters by year, region and direction', async () => {
    expect((await changes('?direction=downgrade')).changes.map((c) => c.date)).toEqual(['2029-03-01'])
    expect((await changes('?direction=upgrade')).total).toBe(2)
    expect((await changes('?year=2029')).changes.map((c) => c.country)).toEqual(['XQC', 'XQA'])
    expect((await changes('?year=2030&direction=upgrade')).changes.map((c) => c.country)).toEqual(['XQA'])
    expect((await changes('?region=Oceania')).changes.map((c) => c.country)).toEqual(['XQC'])
    expect((await changes('?region=Europe&year=2029')).changes.map((c) => c.country)).toEqual(['XQA'])
    expect((await changes('?year=2021')).total).toBe(0)
    // An empty field from the no-JavaScript form means "any".
    expect((await changes('?year=&region=&direction=')).total).toBe(3)
  })

  it('refuses a filter it cannot read with 400 and a message', async () => {
    const { app } = t()
    const region = await app.inject('/api/v1/ratings/changes?region=Atlantis')
    expect(region.statusCode).toBe(400)
    expect(region.json<{ error: { message: string } }>().error.message).toContain('unknown region: use one of')
    for (const bad of ['?direction=sideways', '?year=21', '?year=abcd', '?year=0000', '?cursor=x']) {
      expect((await app.inject(`/api/v1/ratings/changes${bad}`)).statusCode, bad).toBe(400)
    }
    expect((await app.inject('/ratings?region=Atlantis')).statusCode).toBe(400)
    expect((await app.inject('/ratings?direction=sideways')).statusCode).toBe(400)
    expect((await app.inject('/ratings?year=0000')).statusCode).toBe(400)
  })

  it('shows the log as a page with a GET form, links to countries and decisions, and filters without JavaScript', async () => {
    const { app } = t()
    const res = await app.inject('/ratings')
    expect(res.statusCode).toBe(200)
    const html = res.body
    expect(html).toContain('<form class="filters" method="get" action="/ratings">')
    expect(html).toContain('<option value="Oceania">Oceania</option>')
    expect(html).toContain('3 rating changes')
    expect(html).toContain('href="/countries/fictional-arcadia">Fictional Arcadia</a>')
    expect(html).toContain(`href="/decisions/${decisionId}"`)
    expect(html.indexOf('Fictional Arcadia')).toBeLessThan(html.indexOf('Fictional Carpania'))
    expect(html).not.toContain('Fictional Borduria')
    const down = (await app.inject('/ratings?direction=downgrade&year=')).body
    expect(down).toContain('<option value="downgrade" selected>')
    expect(down).toContain('1 rating change<')
    expect(down).not.toContain('Fictional Carpania')
    const ru = await app.inject('/ru/ratings?region=Oceania')
    expect(ru.statusCode).toBe(200)
    expect(ru.body).toContain('href="/ru/countries/fictional-carpania"')
    expect(ru.body).toContain('Повышение')
    const none = (await app.inject('/ratings?year=2022')).body
    expect(none).toContain('No rating change matches these filters.')
    expect(none).toContain('a baseline, not a change')
  })

  it('lists the changes of a year on its findings page', async () => {
    const html = (await t().app.inject('/findings/2029')).body
    expect(html).toContain('2 rating changes (upgrades: 1, downgrades: 1).')
    expect(html).toContain('href="/ratings?year=2029"')
  })
})

describe.each(backends)('the log of rating changes with the seed data only on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-06-15T12:00:00Z') })

  it('is empty and explains that the first ratings are a baseline', async () => {
    const { app } = t()
    expect((await app.inject('/api/v1/ratings/changes')).json<ChangesJson>()).toEqual({ changes: [], total: 0, next: null })
    const html = (await app.inject('/ratings')).body
    expect(html).toContain('No rating changes yet.')
    expect(html).toContain('is a baseline, not a change (the earliest ratings date from March 19, 2021)')
    expect(html).toContain('0 rating changes')
  })
})
