import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'
import { createCountry, rateCountry } from '../../../test/helpers/factories.js'

describe.each(backends)('the country page on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-11-24T12:00:00Z') })

  it('shows a country page with its rating, what it means, history and population', async () => {
    const res = await t().app.inject('/countries/kazakhstan')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('<h1>Kazakhstan</h1>')
    expect(res.body).toContain('Obstructed')
    expect(res.body).toContain('The freedoms are continually undermined')
    expect(res.body).toContain('Rated since March 19, 2021')
    expect(res.body).toContain('CIVICUS Monitor, snapshot of 19 March 2021')
    expect(res.body).toContain('18,776,707 (2020)')
    const ru = await t().app.inject('/ru/countries/kazakhstan')
    expect(ru.body).toContain('<h1>Казахстан</h1>')
    expect(ru.body).toContain('Ограниченное')
  })

  it('lists the rating history newest first', async () => {
    const { code, slug } = await createCountry(t().database.db)
    await rateCountry(t().database.db, code, 'open', '2024-01-01', 90)
    await rateCountry(t().database.db, code, 'narrowed', '2025-01-01', 65)
    const html = (await t().app.inject(`/countries/${slug}`)).body
    expect(html.indexOf('January 1, 2025')).toBeLessThan(html.indexOf('January 1, 2024'))
    expect(html).toContain('score 65 of 100')
  })

  it('answers a real 404 page for an unknown country, in the reader language', async () => {
    const res = await t().app.inject('/countries/atlantis')
    expect(res.statusCode).toBe(404)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('Page not found')
    const ru = await t().app.inject('/ru/countries/atlantis')
    expect(ru.statusCode).toBe(404)
    expect(ru.body).toContain('Страница не найдена')
  })
})
