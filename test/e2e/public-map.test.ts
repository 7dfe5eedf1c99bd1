import { rm } from 'node:fs/promises'
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { seededDataDir } from '../helpers/databases.js'
import { startServer, type ServerProcess } from '../helpers/processes.js'

/**
 * A reader's journey on a site started on the seeded data: the real map on the home page, a country
 * from the map, the same page in Russian. JavaScript is off (as in Tor Browser's safest mode)
 * and every request that would leave the host is recorded and refused.
 */
describe('reading the public map in a browser', () => {
  let dir: string
  let server: ServerProcess
  let browser: Browser
  let reader: BrowserContext
  let auditor: BrowserContext
  const offsite: string[] = []

  beforeAll(async () => {
    dir = await seededDataDir('e2e-map')
    server = await startServer({ DATA_DIR: dir })
    browser = await launchBrowser()
    reader = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } })
    // axe-core is injected as a script: this context alone lifts the page's CSP to run it.
    auditor = await browser.newContext({ bypassCSP: true })
    for (const context of [reader, auditor]) {
      await context.route('**/*', async (route) => {
        const url = new URL(route.request().url())
        if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.continue()
        offsite.push(url.href)
        return route.abort()
      })
    }
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const audit = async (path: string) => {
    const page = await auditor.newPage()
    await page.goto(server.url + path)
    const violations = await axeViolations(page)
    await page.close()
    return violations
  }

  it('has an accessibility check that does fail on a broken page', async () => {
    const page = await auditor.newPage()
    await page.setContent('<html><body><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><a href="/x"></a></body></html>')
    const violations = await axeViolations(page)
    await page.close()
    expect(violations.map((v) => v.split(' ')[0])).toEqual(expect.arrayContaining(['html-has-lang', 'image-alt', 'link-name']))
  })

  it('shows the real map, follows a country link, switches to Russian; axe finds nothing', async () => {
    const page = await reader.newPage()
    await page.goto(`${server.url}/?date=2021-03-19`)
    await expect.poll(() => page.title()).toBe('Civic space around the world · Civic Monitor')
    expect(await page.locator('svg.world-map a').count()).toBe(197)
    expect(await page.locator('.totals li.cat-obstructed strong').textContent()).toBe('47')
    expect(await audit('/?date=2021-03-19')).toEqual([])

    await page.locator('svg.world-map a[aria-label="Kazakhstan: Obstructed"]').click()
    await page.waitForURL('**/countries/kazakhstan')
    expect(await page.locator('h1').textContent()).toBe('Kazakhstan')
    expect(await page.locator('.rating-card .category').textContent()).toBe('Obstructed')
    expect(await audit('/countries/kazakhstan')).toEqual([])

    await page.getByRole('link', { name: 'Русский' }).click()
    await page.waitForURL('**/ru/countries/kazakhstan')
    expect(await page.locator('html').getAttribute('lang')).toBe('ru')
    expect(await page.locator('h1').textContent()).toBe('Казахстан')
    expect(await page.locator('.rating-card .category').textContent()).toBe('Ограниченное')
    expect(await audit('/ru/countries/kazakhstan')).toEqual([])
    expect(offsite).toEqual([])
  })

  it('draws the map as of a date chosen in the form, and sorts the table by rating, without JavaScript', async () => {
    const page = await reader.newPage()
    await page.goto(`${server.url}/ru`)
    await page.locator('#date').fill('2021-03-19')
    await page.getByRole('button', { name: 'Показать' }).click()
    await page.waitForURL('**/ru?date=2021-03-19')
    expect(await page.locator('.map-caption span').textContent()).toBe('Карта мира: оценки гражданского пространства на 19 марта 2021 г.')
    // The form's min stops earlier dates in the browser; the address still explains them.
    await page.goto(`${server.url}/ru?date=2020-01-01`)
    expect(await page.locator('.notice').textContent()).toContain('До 19 марта 2021 г. оценок не было')

    await page.goto(`${server.url}/countries`)
    await page.getByRole('link', { name: 'Rating' }).click()
    await page.waitForURL('**/countries?sort=rating&dir=asc')
    expect(await page.locator('th[aria-sort="ascending"]').textContent()).toContain('Rating')
    expect(await page.locator('tbody tr').first().locator('td').nth(1).textContent()).toBe('Open')
    for (const path of [
      '/countries?sort=rating&dir=asc',
      '/ru',
      '/ar',
      '/es/countries',
      '/fr/countries/kosovo',
      '/countries/atlantis',
      '/api',
    ])
      expect(await audit(path), path).toEqual([])
    expect(offsite).toEqual([])
  })
})
