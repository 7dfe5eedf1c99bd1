import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'
import { createCountry, rateCountry, termId } from '../../../test/helpers/factories.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import type { FindingsResponse } from './findings.schema.js'

const total = (shares: Record<string, number>) => Object.values(shares).reduce((a, b) => a + b, 0)

describe.each(backends)('global findings of the seeded snapshot on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-06-15T12:00:00Z') })

  it('gives the real 2021 findings: the 19 March 2021 snapshot in force on 31 December, shares adding up to 100', async () => {
    const res = await t().app.inject('/api/v1/findings/2021')
    expect(res.statusCode).toBe(200)
    const body = res.json<FindingsResponse>()
    expect(body.year).toBe(2021)
    expect(body.asOf).toBe('2021-12-31')
    expect(body.totals).toEqual({ open: 42, narrowed: 40, obstructed: 47, repressed: 44, closed: 23 })
    expect(body.unrated).toBe(1) // Greenland: monitored, not rated
    expect(Math.round(total(body.populationShare) * 100)).toBe(10_000)
    for (const share of Object.values(body.populationShare)) expect(Math.round(share * 100) / 100).toBe(share)
    expect(body.populationYear).toBe(2020)
    expect(body.populationSource).toMatch(/World Population Prospects|UN/)
    // The snapshot is every country's first rating: a baseline, not a change.
    expect(body.changes).toEqual([])
    expect(body.topViolations).toEqual({ byCountries: [], byIncidents: [] })
    expect(body.perFreedom.expression).toEqual({ updates: 0, incidents: 0 })
  })

  it('takes unrated countries into the population denominator', async () => {
    const { app } = t()
    const countries = (await app.inject('/api/v1/countries')).json<{
      countries: { code: string; population: { value: number } | null }[]
    }>().countries
    const people = countries.reduce((sum, c) => sum + (c.population?.value ?? 0), 0)
    const greenland = countries.find((c) => c.code === 'GRL')?.population?.value ?? 0
    const body = (await app.inject('/api/v1/findings/2021')).json<FindingsResponse>()
    expect(body.populationShare.unrated).toBeCloseTo((greenland / people) * 100, 2)
  })

  it('draws the findings page with accessible charts, the same numbers in tables, and the population source', async () => {
    const res = await t().app.inject('/findings/2021')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/html')
    expect(res.headers.etag).toBeTruthy()
    const html = res.body
    expect(html).toContain('<h1>Global findings 2021</h1>')
    expect(html.match(/<svg class="findings-chart"[^>]*role="img"/g)).toHaveLength(2)
    expect(html).toContain('<title id="chart-countries-title">')
    expect(html).toContain(
      '<desc id="chart-countries-desc">Open: 42; Narrowed: 40; Obstructed: 47; Repressed: 44; Closed: 23; Not rated: 1</desc>',
    )
    expect(html).toContain('class="bar cat-closed"')
    expect(html).toMatch(/Closed<\/span><\/th><td class="num">23<\/td>/)
    expect(html).toContain('figures for 2020')
    expect(html).toContain('No country moved to another rating category in 2021.')
    expect(html).toContain('a baseline, not a change')
    expect(html).not.toContain('is not over yet')
    const ru = await t().app.inject('/ru/findings/2021')
    expect(ru.statusCode).toBe(200)
    expect(ru.body).toContain('Глобальные итоги 2021')
  })

  it('shows the latest ended year on /findings and says so; the current year is to date', async () => {
    const latest = await t().app.inject('/findings')
    expect(latest.statusCode).toBe(200)
    expect(latest.body).toContain('<h1>Global findings 2025</h1>')
    expect(latest.body).toContain('This page shows 2025, the latest year that has ended.')
    const current = await t().app.inject('/findings/2026')
    expect(current.statusCode).toBe(200)
    expect(current.body).toContain('2026 is not over yet')
    expect(current.body).toContain('June 15, 2026')
    expect((await t().app.inject('/api/v1/findings/2026')).json<FindingsResponse>().asOf).toBe('2026-06-15')
  })

  it('answers 404 with a clear message for a year without findings, and 400 for a year that is not a number', async () => {
    const { app } = t()
    for (const year of ['2020', '2027', '1999']) {
      const page = await app.inject(`/findings/${year}`)
      expect(page.statusCode, year).toBe(404)
      expect(page.body).toContain(`There are no findings for ${year}`)
      const api = await app.inject(`/api/v1/findings/${year}`)
      expect(api.statusCode).toBe(404)
      expect(api.json<{ error: { message: string } }>().error.message).toBe(
        `No findings for ${year}: findings exist for the years 2021 to 2026.`,
      )
      expect((await app.inject(`/findings/${year}.csv`)).statusCode).toBe(404)
    }
    for (const bad of ['abc', '20x1', '-2021']) {
      expect((await app.inject(`/findings/${bad}`)).statusCode, bad).toBe(400)
      const api = await app.inject(`/api/v1/findings/${bad}`)
      expect(api.statusCode).toBe(400)
      expect(api.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('year')
    }
  })

  it('offers the same numbers as CSV', async () => {
    const res = await t().app.inject('/findings/2021.csv')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/csv')
    expect(res.headers['content-disposition']).toContain('civic-monitor-findings-2021.csv')
    const lines = res.body.split('\r\n')
    expect(lines).toContain('countries,open,42,')
    expect(lines).toContain('countries,unrated,1,')
    const api = (await t().app.inject('/api/v1/findings/2021')).json<FindingsResponse>()
    expect(lines).toContain(`population_share_percent,closed,${api.populationShare.closed},`)
  })

  it('documents the API and lists the pages in the sitemap', async () => {
    const spec = (await t().app.inject('/api/v1/openapi.json')).json<{ paths: Record<string, { get: { tags: string[] } }> }>()
    expect(spec.paths['/api/v1/findings/{year}']?.get.tags).toEqual(['findings'])
    expect(spec.paths['/api/v1/ratings/changes']).toBeDefined()
    const sitemap = (await t().app.inject('/sitemap.xml')).body
    for (const path of ['/findings', '/findings/2021', '/findings/2026', '/ratings', '/ru/findings/2021'])
      expect(sitemap).toContain(`http://civic-monitor.test${path}</loc>`)
  })
})

describe.each(backends)('global findings of fictional ratings and evidence on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2030-06-01T12:00:00Z') })

  it('counts categories, changes and the published, non-sample evidence of the year', async () => {
    const { app, database } = t()
    const db = database.db
    const baseline = (await app.inject('/api/v1/findings/2021')).json<FindingsResponse>()
    const arcadia = await createCountry(db, { code: 'XQA', name: 'Fictional Arcadia', population: 5_000_000 })
    const borduria = await createCountry(db, { code: 'XQB', name: 'Fictional Borduria', population: 3_000_000 })
    await rateCountry(db, arcadia.code, 'narrowed', '2028-01-01', 70)
    await rateCountry(db, arcadia.code, 'repressed', '2029-03-01', 30)
    await rateCountry(db, borduria.code, 'open', '2029-05-01', 90) // a first rating: not a change

    const censorship = await termId(db, 'violation', 'censorship')
    const detention = await termId(db, 'violation', 'detention-of-protesters')
    const release = await termId(db, 'positive', 'release')
    const incident = (occurredOn: string, typeId: number, freedom: 'expression' | 'assembly' | 'association' = 'expression') => ({
      occurredOn,
      precision: 'day' as const,
      locality: 'Fictional Square',
      latitude: null,
      longitude: null,
      freedom,
      typeId,
      victimId: null,
      perpetratorId: null,
      counts: { affected: 1, killed: null, injured: null, detained: null, charged: null },
      sensitivity: 'public' as const,
      restrictedNotes: null,
    })
    const now = new Date('2029-06-01T12:00:00Z')
    const first = await makeUpdate(
      db,
      {
        countryCode: arcadia.code,
        freedoms: ['expression', 'assembly'],
        incidents: [
          incident('2029-02-01', censorship),
          { ...incident('2029-02-02', censorship), sensitivity: 'restricted', restrictedNotes: 'Fictional restricted note' },
          incident('2029-02-03', detention, 'assembly'),
          incident('2029-02-04', release, 'association'),
        ],
      },
      { now },
    )
    // A translation is a language version of the same report: its incidents count, it is not one more update.
    await makeUpdate(db, { countryCode: arcadia.code, language: 'ru', translationOf: first, freedoms: ['expression'] }, { now })
    await makeUpdate(
      db,
      { countryCode: borduria.code, incidents: [incident('2029-04-01', censorship), incident('2028-12-31', censorship)] },
      { now },
    )
    // Unpublished and sample content stays out.
    await makeUpdate(db, { countryCode: borduria.code, incidents: [incident('2029-05-01', detention)] }, { now, status: 'submitted' })
    const sample = await makeUpdate(
      db,
      { countryCode: borduria.code, incidents: [1, 2, 3].map(() => incident('2029-05-02', detention)) },
      { now },
    )
    await db.updateTable('updates').set({ sample: true }).where('id', '=', sample).execute()

    const res = await app.inject('/api/v1/findings/2029')
    expect(res.statusCode).toBe(200)
    const body = res.json<FindingsResponse>()
    expect(body.asOf).toBe('2029-12-31')
    expect(body.totals).toEqual({ ...baseline.totals, repressed: baseline.totals.repressed + 1, open: baseline.totals.open + 1 })
    expect(body.unrated).toBe(baseline.unrated)
    expect(Math.round(total(body.populationShare) * 100)).toBe(10_000)
    expect(body.changes).toEqual([
      {
        date: '2029-03-01',
        country: 'XQA',
        name: 'Fictional Arcadia',
        region: 'Europe',
        url: 'http://civic-monitor.test/countries/fictional-arcadia',
        from: 'narrowed',
        to: 'repressed',
        fromScore: 70,
        toScore: 30,
        direction: 'downgrade',
        decisionId: null,
        decisionUrl: null,
      },
    ])
    expect(body.topViolations.byCountries).toEqual([
      { type: 'censorship', label: 'Censorship', countries: 2, incidents: 3 },
      { type: 'detention-of-protesters', label: 'Detention of protesters', countries: 1, incidents: 1 },
    ])
    expect(body.topViolations.byIncidents.map((v) => [v.type, v.incidents])).toEqual([
      ['censorship', 3],
      ['detention-of-protesters', 1],
    ])
    expect(body.perFreedom).toEqual({
      association: { updates: 0, incidents: 1 },
      assembly: { updates: 1, incidents: 1 },
      expression: { updates: 2, incidents: 3 },
    })
    // 2028: Arcadia's first rating is a baseline; the 2028-12-31 incident counts there.
    const before = (await app.inject('/api/v1/findings/2028')).json<FindingsResponse>()
    expect(before.changes).toEqual([])
    expect(before.totals.narrowed).toBe(baseline.totals.narrowed + 1)
    expect(before.topViolations.byIncidents).toEqual([{ type: 'censorship', label: 'Censorship', countries: 1, incidents: 1 }])

    const page = await app.inject('/findings/2029')
    expect(page.body).toContain('1 rating change (upgrades: 0, downgrades: 1).')
    expect(page.body).toContain('href="/countries/fictional-arcadia"')
    expect(page.body).toContain('<th scope="row">Censorship</th><td class="num">2</td><td class="num">3</td>')
    expect(page.body).not.toContain('Fictional restricted note')
    expect(page.body).not.toContain('Fictional Square')
  })
})
