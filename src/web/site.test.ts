import { gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { LOCALES } from '../lib/i18n.js'
import { backends } from '../../test/helpers/databases.js'
import { fixedClock, startTestApp, useTestApp } from '../../test/helpers/app.js'
import { createCountry, rateCountry } from '../../test/helpers/factories.js'

describe.each(backends)('site-wide behaviour on %s', (kind) => {
  const t = useTestApp(kind, { clock: fixedClock('2026-11-24T12:00:00Z') })

  it('GET /health answers ok from memory; GET /ready asks the database, and says 503 when it does not answer', async () => {
    for (const path of ['/health', '/ready']) {
      const res = await t().app.inject(path)
      expect(res.statusCode, path).toBe(200)
      expect(res.json()).toEqual({ status: 'ok' })
      expect(res.headers['cache-control']).toBe('no-store')
    }
    const orphan = await startTestApp(kind)
    try {
      await orphan.database.close()
      expect((await orphan.app.inject('/health')).statusCode).toBe(200)
      const ready = await orphan.app.inject('/ready')
      expect(ready.statusCode).toBe(503)
      expect(ready.json()).toEqual({ status: 'unavailable' })
    } finally {
      await orphan.app.close()
    }
  })

  it('sends a strict CSP without inline script and the usual security headers', async () => {
    for (const path of ['/', '/countries', '/api/v1/countries', '/nowhere']) {
      const res = await t().app.inject(path)
      const csp = String(res.headers['content-security-policy'])
      expect(csp, path).toContain("default-src 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).toContain("frame-ancestors 'none'")
      expect(res.headers['x-content-type-options']).toBe('nosniff')
      expect(res.headers['referrer-policy']).toBe('no-referrer')
    }
  })

  it('pages load nothing from other hosts and carry no inline script or style', async () => {
    for (const path of ['/', '/ru/countries', '/countries/kosovo', '/api']) {
      const html = (await t().app.inject(path)).body
      const urls = [...html.matchAll(/\s(?:src|href|action)="([^"]+)"/g)].map((m) => m[1] ?? '')
      const external = urls.filter((u) => /^(https?:)?\/\//.test(u) && !u.startsWith('http://civic-monitor.test/'))
      expect(external, path).toEqual([])
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/)
      expect(html).not.toMatch(/\sstyle="/)
    }
  })

  it('compresses responses and keeps pages within their size budget', async () => {
    const transferred = async (path: string) => {
      const res = await t().app.inject({ url: path, headers: { 'accept-encoding': 'gzip' } })
      expect(res.statusCode, path).toBe(200)
      expect(res.headers['content-encoding'], path).toBe('gzip')
      expect(gunzipSync(res.rawPayload).length).toBeGreaterThan(res.rawPayload.length)
      return res.rawPayload.length
    }
    const home = await t().app.inject('/')
    const assets = [...home.body.matchAll(/(?:href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] ?? '')
    expect(assets.length).toBe(2)
    let assetBytes = 0
    for (const asset of assets) assetBytes += await transferred(asset)
    expect((await transferred('/')) + assetBytes).toBeLessThanOrEqual(150 * 1024)
    for (const path of ['/countries', '/ru/countries', '/countries/kazakhstan', '/api']) {
      expect((await transferred(path)) + assetBytes, path).toBeLessThanOrEqual(60 * 1024)
    }
    expect(await transferred('/api/v1/countries')).toBeGreaterThan(0)
  })

  it('serves cached pages with an ETag and 304, and a new version after any write', async () => {
    const first = await t().app.inject('/countries')
    const etag = String(first.headers.etag)
    expect(etag).toMatch(/^"/)
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const again = await t().app.inject({ url: '/countries', headers: { 'if-none-match': etag } })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')

    const { code, name } = await createCountry(t().database.db, { name: 'Fictional Borduria' })
    await rateCountry(t().database.db, code, 'repressed', '2026-01-01')
    const after = await t().app.inject({ url: '/countries', headers: { 'if-none-match': etag } })
    expect(after.statusCode).toBe(200)
    expect(after.headers.etag).not.toBe(etag)
    expect(after.body).toContain(name)
  })

  it('answers API reads from the cache too, with ETag and 304, still shaped by the response schema', async () => {
    const first = await t().app.inject('/api/v1/ratings?date=2021-03-19')
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8')
    const etag = String(first.headers.etag)
    expect((await t().app.inject({ url: '/api/v1/ratings?date=2021-03-19', headers: { 'if-none-match': etag } })).statusCode).toBe(304)
    const other = await t().app.inject('/api/v1/ratings?date=2021-03-20')
    expect(other.headers.etag).not.toBe(etag)
    expect(Object.keys(first.json<object>()).sort()).toEqual(['countries', 'date', 'totals', 'unrated'])
  })

  it('serves assets under content-hashed names, cached for a year; unknown ones are 404', async () => {
    const css = (await t().app.inject('/')).body.match(/href="(\/assets\/app\.[\w-]+\.css)"/)?.[1]
    expect(css).toBeDefined()
    const res = await t().app.inject(css!)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toMatch(/text\/css/)
    expect(res.headers['cache-control']).toContain('immutable')
    expect((await t().app.inject('/assets/app.0000000000.css')).statusCode).toBe(404)
  })

  it('publishes an OpenAPI 3.1 document generated from the route schemas, and a docs page', async () => {
    const doc = (await t().app.inject('/api/v1/openapi.json')).json<{
      openapi: string
      paths: Record<string, Record<string, { parameters?: { name: string }[] }>>
    }>()
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/v1/accreditations',
      '/api/v1/accreditations/{id}/decision',
      '/api/v1/accreditations/{id}/revoke',
      '/api/v1/assessments',
      '/api/v1/countries',
      '/api/v1/countries/{code}',
      '/api/v1/countries/{code}/ratings',
      '/api/v1/countries/{code}/score',
      '/api/v1/decisions',
      '/api/v1/decisions/{id}',
      '/api/v1/decisions/{id}/votes',
      '/api/v1/decisions/{id}/workflow',
      '/api/v1/findings/{year}',
      '/api/v1/incidents',
      '/api/v1/me',
      '/api/v1/methodology',
      '/api/v1/methodology/{label}',
      '/api/v1/press-room/publications',
      '/api/v1/press-room/publications/{slug}',
      '/api/v1/publications',
      '/api/v1/publications/{slug}',
      '/api/v1/publications/{slug}/attachments',
      '/api/v1/publications/{slug}/attachments/{attachmentId}',
      '/api/v1/publications/{slug}/workflow',
      '/api/v1/ratings',
      '/api/v1/ratings/changes',
      '/api/v1/session',
      '/api/v1/updates',
      '/api/v1/updates/{id}',
      '/api/v1/updates/{id}/workflow',
      '/api/v1/watchlist',
      '/api/v1/watchlist/{id}',
      '/health',
      '/ready',
    ])
    expect(doc.paths['/api/v1/ratings']?.get?.parameters?.map((p) => p.name)).toEqual(['date'])
    // A saved draft answers with the links it shows as text only (lib/link-warnings.ts).
    type Answer = { responses: Record<string, { content: Record<string, { schema: { properties: Record<string, unknown> } }> }> }
    for (const [path, method, status] of [
      ['/api/v1/updates', 'post', '201'],
      ['/api/v1/updates/{id}', 'put', '200'],
      ['/api/v1/decisions', 'post', '201'],
      ['/api/v1/decisions/{id}', 'put', '200'],
      ['/api/v1/publications', 'post', '201'],
      ['/api/v1/publications/{slug}', 'put', '200'],
    ] as const) {
      const answer = (doc.paths[path]?.[method] as unknown as Answer).responses[status]!.content['application/json']!.schema
      expect(Object.keys(answer.properties), `${method} ${path}`).toContain('warnings')
    }
    const page = await t().app.inject('/api')
    expect(page.statusCode).toBe(200)
    for (const path of Object.keys(doc.paths)) expect(page.body).toContain(path)
  })

  it('links every page to its other language versions, and they all exist', async () => {
    for (const path of ['/', '/ru?date=2021-03-19', '/countries?sort=region', '/countries/kosovo', '/api', '/ru/api', '/fr/nowhere']) {
      const html = (await t().app.inject(path)).body
      const switcher = html.slice(html.indexOf('class="lang-switch"'), html.indexOf('</nav>', html.indexOf('class="lang-switch"')))
      const targets = [...switcher.matchAll(/href="([^"]+)"/g)].map((m) => m[1] ?? '')
      expect(targets, path).toHaveLength(LOCALES.length)
      const expected = path.includes('nowhere') ? 404 : 200
      for (const target of targets) expect((await t().app.inject(target)).statusCode, `${path} -> ${target}`).toBe(expected)
    }
  })

  it("never lets one visitor's query string into a cached page", async () => {
    await createCountry(t().database.db) // a write: the next request renders afresh
    const poisoned = await t().app.inject('/countries?utm_source=evil&sort=name')
    expect(poisoned.statusCode).toBe(200)
    for (const path of ['/countries?utm_source=evil&sort=name', '/countries?sort=name&dir=asc']) {
      expect((await t().app.inject(path)).body, path).not.toContain('evil')
    }
  })

  it('lists every page in every language in sitemap.xml, named by robots.txt', async () => {
    expect((await t().app.inject('/robots.txt')).body).toContain('Sitemap: http://civic-monitor.test/sitemap.xml')
    const res = await t().app.inject('/sitemap.xml')
    expect(res.headers['content-type']).toMatch(/application\/xml/)
    const locs = [...res.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1])
    const countries = (await t().database.db.selectFrom('countries').select('code').execute()).length
    expect(countries).toBeGreaterThanOrEqual(197)
    // /, /countries, /updates, /watchlist, /findings, /ratings, /decisions, /api, /methodology, /press, each
    // year's findings since the first rating (2021, the seed snapshot) and each country.
    const years = new Date().getUTCFullYear() - 2021 + 1
    expect(locs).toHaveLength((10 + years + countries) * LOCALES.length)
    expect(locs).toContain('http://civic-monitor.test/es/findings/2021')
    expect(locs).toContain('http://civic-monitor.test/fr/methodology')
    expect(locs).toContain('http://civic-monitor.test/ar/countries/kazakhstan')
    expect(locs).toContain('http://civic-monitor.test/ru')
    expect(res.body).toContain('<xhtml:link rel="alternate" hreflang="fr" href="http://civic-monitor.test/fr/countries/kosovo"/>')
  })

  it('unknown API paths answer JSON 404, unknown pages an HTML 404', async () => {
    const api = await t().app.inject('/api/v1/nothing')
    expect(api.statusCode).toBe(404)
    expect(api.json<{ error: { code: string } }>().error.code).toBe('not_found')
    const page = await t().app.inject('/ru/nothing')
    expect(page.statusCode).toBe(404)
    expect(page.body).toContain('Страница не найдена')
  })
})
