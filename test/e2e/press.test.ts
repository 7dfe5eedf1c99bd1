import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { formatInstant, wallClockIn } from '../../src/lib/time-zones.js'
import { createCountry, rateCountry } from '../helpers/factories.js'
import { makeApprovedDecision } from '../helpers/ratings.js'
import { checkA11y as audit, setUpAccount, useSite, waitForPublication } from '../helpers/site.js'

/**
 * An editor writes a press release in English and Russian announcing a rating change of a
 * fictional country, and schedules both with an embargo written in Almaty time. Until the
 * embargo, an accredited journalist reads it in the press room marked as embargoed while an
 * anonymous visitor finds nothing of it (404, not listed, the map unchanged); when the real
 * server's scheduler reaches the embargo, both see it and the map changes. JavaScript stays off.
 */
const ZONE = 'Asia/Almaty'
const TITLE_EN = 'Fictional Pressland downgraded to repressed'
const TITLE_RU = 'Вымышленная Прессляндия: рейтинг понижен'
const SLUG_EN = 'fictional-pressland-downgraded'
// Not typed: the form makes the address from the Cyrillic title.
const SLUG_RU = 'vymyshlennaya-presslyandiya-reyting-ponizhen'

describe('an embargoed press release with a rating change', () => {
  const site = useSite('press')
  const checkA11y = (context: BrowserContext | null, page: Page) => audit(site(), context, page)

  const anonymous = () => site().browser.newContext({ javaScriptEnabled: false })
  const ratingNow = async (code: string) =>
    (
      (await (await fetch(`${site().server.url}/api/v1/ratings`)).json()) as { countries: { code: string; category: string }[] }
    ).countries.find((c) => c.code === code)?.category

  it('shows the release to journalists under embargo and to everyone, with the new rating, after it', async () => {
    const { server, database } = site()
    const db = database.db
    const country = await createCountry(db, { code: 'XQP', name: 'Fictional Pressland', population: 3_000_000 })
    await rateCountry(db, country.code, 'narrowed', '2021-01-01', 62)

    const editor = await setUpAccount(site(), 'fictional.press.editor@example.org', ['--role', 'editor'])
    // A journalist made with the CLI: no authenticator to enrol, only a password.
    const journalist = await setUpAccount(site(), 'fictional.reporter@example.org', ['--role', 'journalist'])
    expect(journalist.enrolled).toBe(false)
    const editorId = (
      await db.selectFrom('users').select('id').where('email', '=', 'fictional.press.editor@example.org').executeTakeFirstOrThrow()
    ).id
    const decisionId = await makeApprovedDecision(db, {
      countryCode: country.code,
      createdBy: editorId,
      toCategory: 'repressed',
      toScore: 30,
    })

    // The editor writes the release in two languages, linked to the approved decision.
    const page = editor.page
    await page.goto(`${server.url}/workspace/publications`)
    await page.getByRole('link', { name: 'Write a publication' }).click()
    await page.locator('#kind').selectOption('press_release')
    await page.locator('#countries').selectOption([country.code])
    await page.locator('#decisions').fill(String(decisionId))
    await page.locator('#title_en').fill(TITLE_EN)
    await page.locator('#slug_en').fill(SLUG_EN)
    await page.locator('#summary_en').fill('Sample: the fictional monitor lowers the rating of Fictional Pressland.')
    await page
      .locator('#body_en')
      .fill(
        'Assemblies in Fictional Pressland were **dispersed every week** this year.\n\n- first fictional point\n- second fictional point',
      )
    await page.locator('#quote_en_0').fill('Fictional words about a fictional country.')
    await page.locator('#quote_by_en_0').fill('Ana Example, fictional director')
    await page.locator('#contact_name_en_0').fill('Bo Example')
    await page.locator('#contact_email_en_0').fill('press@example.org')
    await checkA11y(editor.context, page)
    await page.locator('summary', { hasText: 'Russian version' }).click()
    await page.locator('#title_ru').fill(TITLE_RU)
    await page.locator('#summary_ru').fill('Пример: вымышленный монитор понижает рейтинг Вымышленной Прессляндии.')
    // As written in a word processor: a link still a placeholder, and one to the site's own page.
    await page
      .locator('#body_ru')
      .fill(
        `Собрания в Вымышленной Прессляндии **разгонялись каждую неделю** [из-за повсеместных нарушений](#).\n\nСм. [страницу страны](/ru/countries/${country.slug}).`,
      )
    await page.locator('#quote_ru_0').fill('Вымышленные слова о вымышленной стране.')
    await page.locator('#quote_by_ru_0').fill('Анна Пример, вымышленный директор')
    await page.locator('#contact_name_ru_0').fill('Бо Пример')
    await page.locator('#contact_email_ru_0').fill('press@example.org')
    await page.getByRole('button', { name: 'Save', exact: true }).click()
    await page.waitForURL(/\/workspace\/publications\/\d+$/)
    const publicationId = Number(new URL(page.url()).pathname.split('/').at(-1))
    await page.getByRole('button', { name: 'Send for review' }).click()
    await page.getByText('In review', { exact: true }).waitFor()

    // The embargo, 45 seconds ahead to the second, typed as the wall clock in Almaty: time for the
    // checks below, which must all run before it (asserted there).
    const at = new Date(Math.ceil((Date.now() + 45_000) / 1000) * 1000)
    await page.locator('#embargo_until').fill(wallClockIn(ZONE, at))
    await page.locator('#zone').selectOption(ZONE)
    await page.getByRole('button', { name: 'Schedule with this embargo' }).click()
    await page.getByText('Scheduled (under embargo)', { exact: true }).waitFor()
    const notice = `EMBARGOED UNTIL ${formatInstant('en', at, ZONE)}`
    expect(await page.locator('.embargo-notice').textContent()).toBe(notice)
    const stored = await db
      .selectFrom('publications')
      .select(['status', 'embargo_until', 'embargo_zone'])
      .where('id', '=', publicationId)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ status: 'scheduled', embargo_until: at, embargo_zone: ZONE })
    const decision = await db
      .selectFrom('rating_decisions')
      .select(['status', 'embargo_until'])
      .where('id', '=', decisionId)
      .executeTakeFirstOrThrow()
    expect(decision).toEqual({ status: 'scheduled', embargo_until: at })
    await page.goto(`${server.url}/workspace/publications`)
    expect(await page.locator('section[aria-labelledby="calendar-title"]').textContent()).toContain(TITLE_EN)

    // The journalist reads it in the press room, marked as embargoed, in both languages.
    const reporter = journalist.page
    await reporter.goto(`${server.url}/press-room`)
    const item = reporter.locator('ol.publication-list > li', { hasText: TITLE_EN })
    expect(await item.locator('.embargo-notice').textContent()).toBe(notice)
    await checkA11y(journalist.context, reporter)
    await item.getByRole('link', { name: TITLE_EN }).click()
    await reporter.waitForURL(`${server.url}/press-room/${SLUG_EN}`)
    expect(await reporter.locator('.embargo-notice').textContent()).toBe(notice)
    expect(await reporter.title()).toContain(notice)
    expect(await reporter.locator('h1').textContent()).toBe(TITLE_EN)
    expect(await reporter.locator('.prose strong').textContent()).toBe('dispersed every week')
    await checkA11y(journalist.context, reporter)
    await reporter.locator('.also-in').getByRole('link', { name: 'Русский' }).click()
    await reporter.waitForURL(`${server.url}/ru/press-room/${SLUG_RU}`)
    expect(await reporter.locator('h1').textContent()).toBe(TITLE_RU)
    // The Russian wording is the catalog's; the time is the one the editor typed.
    expect(await reporter.locator('.embargo-notice').textContent()).toContain(wallClockIn(ZONE, at).slice(11))
    const forbidden = await reporter.goto(`${server.url}/workspace/publications`)
    expect(forbidden?.status()).toBe(403)

    // An anonymous visitor finds nothing of it, and the map is unchanged.
    const visitor = await (await anonymous()).newPage()
    for (const path of [`/press/${SLUG_EN}`, `/ru/press/${SLUG_RU}`]) {
      const response = await visitor.goto(`${server.url}${path}`)
      expect(response?.status(), path).toBe(404)
      expect(await visitor.content(), path).not.toContain('Pressland downgraded')
    }
    await visitor.goto(`${server.url}/press`)
    expect(await visitor.content()).not.toContain(TITLE_EN)
    await visitor.goto(`${server.url}/press-room`)
    expect(new URL(visitor.url()).pathname).not.toBe('/press-room')
    expect(await visitor.content()).not.toContain(TITLE_EN)
    const feed = await (await fetch(`${server.url}/press/feed.xml`)).text()
    expect(feed).not.toContain(SLUG_EN)
    await visitor.goto(server.url)
    const marker = (p: Page) => p.locator(`a[aria-label^="Fictional Pressland:"]`).first()
    expect(await marker(visitor).getAttribute('aria-label')).toBe('Fictional Pressland: Narrowed')
    expect(await ratingNow(country.code)).toBe('narrowed')
    await visitor.context().close()
    // The scheduler publishes the release and the rating change together.
    await waitForPublication(site(), at, async () => (await ratingNow(country.code)) === 'repressed')
    const published = await db
      .selectFrom('publications')
      .select(['status', 'published_at'])
      .where('id', '=', publicationId)
      .executeTakeFirstOrThrow()
    expect(published).toEqual({ status: 'published', published_at: at })

    // A new visitor (public pages may be kept by browsers for a minute) sees it all.
    const reader = await (await anonymous()).newPage()
    const response = await reader.goto(`${server.url}/press/${SLUG_EN}`)
    expect(response?.status()).toBe(200)
    expect(await reader.locator('h1').textContent()).toBe(TITLE_EN)
    expect(await reader.locator('.embargo-notice').count()).toBe(0)
    expect(await reader.locator('.prose strong').textContent()).toBe('dispersed every week')
    const html = await reader.content()
    expect(html).toContain(`<link rel="alternate" hreflang="ru" href="${server.url}/ru/press/${SLUG_RU}">`)
    expect(html).toContain(`<link rel="alternate" hreflang="en" href="${server.url}/press/${SLUG_EN}">`)
    expect(html).toContain('Fictional words about a fictional country.')
    expect(html).toContain('Rating decision on Fictional Pressland')
    await checkA11y(null, reader)
    await reader.goto(`${server.url}/ru/press/${SLUG_RU}`)
    expect(await reader.locator('h1').textContent()).toBe(TITLE_RU)
    expect(await reader.locator('html').getAttribute('lang')).toBe('ru')
    // The placeholder link reads as its words, the site's own link is a link, no Markdown shows.
    expect(await reader.locator('.prose').textContent()).toContain('из-за повсеместных нарушений')
    expect(await reader.locator('.prose').getByRole('link', { name: 'из-за повсеместных нарушений' }).count()).toBe(0)
    expect(await reader.locator('.prose').getByRole('link', { name: 'страницу страны' }).getAttribute('href')).toBe(
      `/ru/countries/${country.slug}`,
    )
    expect(await reader.locator('.prose').innerHTML()).not.toContain('](')
    await reader.goto(`${server.url}/press`)
    expect(await reader.locator('ol.publication-list').getByRole('link', { name: TITLE_EN }).count()).toBe(1)
    await reader.goto(server.url)
    expect(await marker(reader).getAttribute('aria-label')).toBe('Fictional Pressland: Repressed')
    await reader.goto(`${server.url}/countries/${country.slug}`)
    expect(await reader.locator('.rating-card .category').textContent()).toContain('Repressed')
    expect(await (await fetch(`${server.url}/press/feed.xml`)).text()).toContain(SLUG_EN)

    // The journalist now finds it among the published releases, no longer embargoed.
    await reporter.goto(`${server.url}/press-room`)
    const now = reporter.locator('ol.publication-list > li', { hasText: TITLE_EN })
    expect(await now.count()).toBe(1)
    expect(await now.locator('.embargo-notice').count()).toBe(0)
    await reporter.goto(`${server.url}/press-room/${SLUG_EN}`)
    expect(await reporter.locator('.embargo-notice').count()).toBe(0)
  }, 240_000)
})
