import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { fixedClock, useTestApp } from '../../../test/helpers/app.js'

describe.each(backends)('home page on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-11-24T12:00:00Z') })
  const mapOf = (html: string) => html.slice(html.indexOf('<svg class="world-map"'), html.indexOf('</svg>'))

  it('draws every monitored country as a link with an accessible name, small states as markers', async () => {
    const res = await t().app.inject('/?date=2021-03-19')
    expect(res.statusCode).toBe(200)
    const map = mapOf(res.body)
    const links = [...map.matchAll(/<a href="\/countries\/([a-z0-9-]+)" aria-label="([^"]+)">/g)]
    expect(links).toHaveLength(197)
    expect(new Set(links.map((l) => l[1])).size).toBe(197)
    expect(links.find((l) => l[1] === 'kazakhstan')?.[2]).toBe('Kazakhstan: Obstructed')
    expect(links.find((l) => l[1] === 'greenland')?.[2]).toBe('Greenland: Not rated')
    const markers = [...map.matchAll(/<a href="\/countries\/([a-z0-9-]+)"[^>]*><title>[^<]*<\/title><circle/g)].map((m) => m[1])
    for (const small of ['kosovo', 'liechtenstein', 'tuvalu', 'singapore', 'saint-vincent-and-the-grenadines'])
      expect(markers).toContain(small)
    expect(markers).not.toContain('kazakhstan')
  })

  it('shows the count per category for the date, matching the data file', async () => {
    const html = (await t().app.inject('/?date=2021-03-19')).body
    const counts = [...html.matchAll(/<li class="cat-(\w+)">.*?<strong>(\d+)<\/strong>/g)].map((m) => [m[1], Number(m[2])])
    expect(Object.fromEntries(counts)).toEqual({ open: 42, narrowed: 40, obstructed: 47, repressed: 44, closed: 23 })
    expect(html).toContain('World map of civic space ratings as of March 19, 2021')
  })

  it('shows an empty map with an explanation before the first rating', async () => {
    const html = (await t().app.inject('/?date=2020-01-01')).body
    expect(html).toContain('No ratings were recorded before March 19, 2021')
    expect(mapOf(html)).not.toMatch(/class="cat-(open|narrowed|obstructed|repressed|closed)"/)
  })

  it('refuses a malformed date with a 400 page that says how to write it', async () => {
    const res = await t().app.inject('/?date=2021-31-12')
    expect(res.statusCode).toBe(400)
    expect(res.headers['content-type']).toMatch(/text\/html/)
    expect(res.body).toContain('The date “2021-31-12” is not valid: use a calendar date in the form YYYY-MM-DD')
    const ru = await t().app.inject('/ru?date=tomorrow')
    expect(ru.statusCode).toBe(400)
    expect(ru.body).toContain('Дата «tomorrow» указана неверно')
  })

  it('is in Russian under /ru with a language switcher and hreflang alternates', async () => {
    for (const path of ['/ru', '/ru/']) {
      const res = await t().app.inject(path)
      expect(res.statusCode, path).toBe(200)
      expect(res.body).toContain('<html lang="ru" dir="ltr">')
      expect(res.body).toContain('Гражданское пространство в мире')
      expect(res.body).toContain('aria-label="Казахстан: Ограниченное"')
    }
    const ar = (await t().app.inject('/ar')).body
    expect(ar).toContain('<html lang="ar" dir="rtl">')
    expect(ar).toContain('aria-label="كازاخستان: معرقل"')
    expect((await t().app.inject('/es/countries/kazakhstan')).body).toContain('<h1>Kazajistán</h1>')
    expect((await t().app.inject('/fr/countries/kazakhstan')).body).toContain('Obstrué')
    const en = (await t().app.inject('/countries?sort=region')).body
    expect(en).toContain('<a href="/ru/countries?sort=region&amp;dir=asc" hreflang="ru" lang="ru">Русский</a>')
    expect(en).toContain('<link rel="alternate" hreflang="ru" href="http://civic-monitor.test/ru/countries"/>')
  })
})
