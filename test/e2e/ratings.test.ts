import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { createCountry, rateCountry } from '../helpers/factories.js'
import { makeUpdate } from '../helpers/updates.js'
import { checkA11y as audit, setUpAccount, useSite, waitForPublication } from '../helpers/site.js'

/**
 * An editor drafts a downgrade of a fictional country with evidence, three panelists vote, the
 * editor schedules it seconds ahead with an embargo; the map, the country page, the API and the
 * findings change only after that time, when the real server's scheduler publishes it.
 * JavaScript stays off. The fictional country and its evidence are written through the running
 * server's database socket, as any command would.
 */
describe('a rating change from draft to publication', () => {
  const site = useSite('ratings')
  const checkA11y = (context: BrowserContext, page: Page) => audit(site(), context, page)
  const staff = (email: string, role: string) => setUpAccount(site(), email, ['--role', role])

  it('changes the rating everywhere only at the embargo', async () => {
    const { server, browser, database } = site()
    const db = database.db
    const country = await createCountry(db, { code: 'XQZ', name: 'Fictional Arcadia', population: 5_000_000 })
    await rateCountry(db, country.code, 'narrowed', '2021-01-01', 70)
    const evidence = await makeUpdate(
      db,
      { countryCode: country.code, title: 'Sample: fictional assemblies dispersed in Arcadia' },
      { now: new Date() },
    )
    const year = new Date().getUTCFullYear()
    const findings = async () => (await (await fetch(`${server.url}/api/v1/findings/${year}`)).json()) as { totals: Record<string, number> }
    const before = await findings()

    const editor = await staff('fictional.editor@example.org', 'editor')
    const page = editor.page
    await page.goto(`${server.url}/workspace/ratings`)
    await page.getByRole('link', { name: 'Draft a rating decision' }).click()
    await page.locator('#country').selectOption(country.code)
    await page.locator('#to_category').selectOption('repressed')
    await page.locator('#to_score').fill('35')
    await page.locator('#rationale_en').fill('Fictional rationale: assemblies in Arcadia were dispersed every week.')
    await page.locator('#evidence').fill(String(evidence))
    await page.getByRole('button', { name: 'Save the draft' }).click()
    await page.getByRole('heading', { name: /Rating decision \d+: Fictional Arcadia/ }).waitFor()
    const decisionUrl = page.url()
    expect(await page.content()).toContain('Sample: fictional assemblies dispersed in Arcadia')
    await checkA11y(editor.context, page)
    await page.getByRole('button', { name: 'Send to the panel' }).click()
    await page.getByText('With the panel').first().waitFor()

    for (const [n, choice] of (['Approve', 'Approve', 'Abstain'] as const).entries()) {
      const panelist = await staff(`fictional.panelist${n}@example.org`, 'panelist')
      await panelist.page.goto(decisionUrl)
      if (n === 0) await checkA11y(panelist.context, panelist.page)
      await panelist.page.getByRole('radio', { name: choice }).check()
      await panelist.page.locator('#vote-comment').fill(`Fictional comment ${n}`)
      await panelist.page.getByRole('button', { name: 'Record my vote' }).click()
      await panelist.page.getByRole('cell', { name: `Fictional comment ${n}` }).waitFor()
      await panelist.context.close()
    }

    await page.goto(decisionUrl)
    await page.getByRole('button', { name: 'Close the vote and record the outcome' }).click()
    await page.getByText('Approved by the panel').first().waitFor()
    // To the second, 15 seconds ahead: time for the checks that it is not public yet.
    const at = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000)
    await page.locator('#embargo_until').fill(at.toISOString().slice(0, 19))
    await page.locator('#zone').selectOption('UTC')
    await page.getByRole('button', { name: 'Schedule publication' }).click()
    await page.getByText('Scheduled', { exact: true }).first().waitFor()

    let reader = await browser.newPage({ javaScriptEnabled: false })
    const marker = () => reader.locator(`a[aria-label^="Fictional Arcadia:"]`).first()
    const ratingNow = async () =>
      ((await (await fetch(`${server.url}/api/v1/ratings`)).json()) as { countries: { code: string; category: string }[] }).countries.find(
        (c) => c.code === country.code,
      )?.category
    await reader.goto(server.url)
    expect(await marker().getAttribute('aria-label')).toBe('Fictional Arcadia: Narrowed')
    await reader.goto(`${server.url}/countries/${country.slug}`)
    expect(await reader.locator('.rating-card .category').textContent()).toContain('Narrowed')
    expect(await ratingNow()).toBe('narrowed')
    expect(await findings()).toEqual(before)
    expect((await fetch(`${server.url}/api/v1/decisions?country=${country.code}`).then((r) => r.json())) as object).toEqual({
      decisions: [],
      next: null,
    })

    await waitForPublication(site(), at, async () => (await ratingNow()) === 'repressed')
    // Public pages may be kept by browsers for a minute (Cache-Control): a new visitor, then.
    reader = await browser.newPage({ javaScriptEnabled: false })
    await reader.goto(server.url)
    expect(await marker().getAttribute('aria-label')).toBe('Fictional Arcadia: Repressed')
    await reader.goto(`${server.url}/countries/${country.slug}`)
    expect(await reader.locator('.rating-card .category').textContent()).toContain('Repressed')
    expect(await reader.content()).toContain('Fictional rationale: assemblies in Arcadia')
    await checkA11y(reader.context(), reader)
    expect(await ratingNow()).toBe('repressed')
    const after = await findings()
    expect(after.totals.narrowed).toBe(before.totals.narrowed! - 1)
    expect(after.totals.repressed).toBe(before.totals.repressed! + 1)
  }, 240_000)
})
