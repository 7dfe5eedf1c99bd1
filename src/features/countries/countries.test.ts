import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'

interface CountryJson {
  code: string
  name: string
  names: Record<string, string>
  region: string
  slug: string
  population: { value: number; year: number; source: string } | null
  rating: { category: string; score: number | null; since: string } | null
}

describe.each(backends)('countries API on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-11-24T12:00:00Z') })

  it('lists the 197 monitored countries with code, names, region and current rating', async () => {
    const res = await t().app.inject('/api/v1/countries')
    expect(res.statusCode).toBe(200)
    const { countries } = res.json<{ countries: CountryJson[] }>()
    expect(countries).toHaveLength(197)
    const kaz = countries.find((c) => c.code === 'KAZ')
    expect(kaz).toMatchObject({
      name: 'Kazakhstan',
      region: 'Asia',
      slug: 'kazakhstan',
      rating: { category: 'obstructed', score: null, since: '2021-03-19' },
    })
    expect(kaz?.names.ru).toBe('Казахстан')
    expect(countries.find((c) => c.code === 'XKX')).toMatchObject({ name: 'Kosovo', rating: { category: 'narrowed' } })
    expect(countries.find((c) => c.code === 'GRL')?.rating).toBeNull()
  })

  it('finds one country by alpha-3 code in any case', async () => {
    for (const code of ['KAZ', 'kaz', 'Kaz']) {
      const res = await t().app.inject(`/api/v1/countries/${code}`)
      expect(res.statusCode, code).toBe(200)
      expect(res.json<CountryJson>()).toMatchObject({ code: 'KAZ', population: { value: 18776707, year: 2020 } })
    }
  })

  it('answers 404 for an unknown code and 400 for a malformed one, in JSON', async () => {
    const missing = await t().app.inject('/api/v1/countries/QQQ')
    expect(missing.statusCode).toBe(404)
    expect(missing.json<{ error: { code: string; message: string } }>().error).toMatchObject({
      code: 'not_found',
      message: expect.stringContaining('QQQ') as string,
    })
    const malformed = await t().app.inject('/api/v1/countries/KAZAKHSTAN')
    expect(malformed.statusCode).toBe(400)
    expect(malformed.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe('code')
  })

  it('never sends database columns the schema does not name', async () => {
    const body = (await t().app.inject('/api/v1/countries/KAZ')).json<Record<string, unknown>>()
    expect(Object.keys(body).sort()).toEqual([
      'alpha2',
      'code',
      'name',
      'names',
      'numeric',
      'population',
      'rating',
      'region',
      'slug',
      'subregion',
      'url',
    ])
  })
})

describe.each(backends)('the countries page on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-11-24T12:00:00Z') })
  const rowNames = (html: string) => [...html.matchAll(/<th scope="row"><a href="[^"]+">([^<]+)<\/a>/g)].map((m) => m[1])

  it('shows the table of 197 countries, sorted by name by default', async () => {
    const res = await t().app.inject('/countries')
    expect(res.statusCode).toBe(200)
    const names = rowNames(res.body)
    expect(names).toHaveLength(197)
    expect(names[0]).toBe('Afghanistan')
    expect([...names].sort((a, b) => a!.localeCompare(b!, 'en'))).toEqual(names)
  })

  it('sorts by rating (open first, unrated last) and by region, both directions, without JavaScript', async () => {
    const byRating = await t().app.inject('/countries?sort=rating&dir=asc')
    expect(byRating.body).toContain('aria-sort="ascending"')
    const ratingCells = [...byRating.body.matchAll(/<td><span><span class="swatch cat-(\w+)"/g)].map((m) => m[1])
    expect(ratingCells[0]).toBe('open')
    expect(ratingCells.at(-2)).toBe('closed')
    expect(ratingCells.at(-1)).toBe('unrated')
    const desc = [
      ...(await t().app.inject('/countries?sort=rating&dir=desc')).body.matchAll(/<td><span><span class="swatch cat-(\w+)"/g),
    ].map((m) => m[1])
    expect(desc[0]).toBe('closed')
    expect(desc.at(-1)).toBe('unrated')
    const byRegion = await t().app.inject('/countries?sort=region')
    expect(rowNames(byRegion.body)[0]).toBe('Algeria') // Africa first, then by name
  })

  it('sorts by name in the reader language', async () => {
    const names = rowNames((await t().app.inject('/ru/countries')).body)
    expect(names[0]).toBe('Австралия')
    expect([...names].sort((a, b) => a!.localeCompare(b!, 'ru'))).toEqual(names)
  })

  it('refuses an unknown sort key with a clear 400 page that keeps the language', async () => {
    const res = await t().app.inject('/ru/countries?sort=population')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('lang="ru"')
    expect(res.body).toContain('«population» — недопустимое значение для «sort»')
  })
})
