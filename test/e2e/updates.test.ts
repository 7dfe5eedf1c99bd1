import type { BrowserContext, Page } from 'playwright-core'
import { describe, expect, it } from 'vitest'
import { checkA11y as audit, setUpAccount, useSite, waitForPublication } from '../helpers/site.js'

/**
 * A researcher writes an update with two incidents and submits it; an editor asks for a change;
 * the researcher makes it; the editor schedules it seconds ahead; it is public only after
 * that time. JavaScript stays off; the real server's scheduler publishes it.
 */
describe('an update from draft to publication', () => {
  const site = useSite('updates')
  const checkA11y = (context: BrowserContext, page: Page) => audit(site(), context, page)
  const staff = (email: string, extra: string[]) => setUpAccount(site(), email, extra)

  it('is reviewed, changed, scheduled and published at its time', async () => {
    const { server, browser } = site()
    const researcher = await staff('fictional.writer@example.org', ['--role', 'researcher', '--country', 'NOR'])
    const editor = await staff('fictional.reviewer@example.org', ['--role', 'editor'])
    const page = researcher.page

    await page.goto(`${server.url}/updates/new`)
    await page.locator('#title').fill('Sample: fictional lantern parade halted')
    await page.locator('#summary').fill('A fictional summary written by a test.')
    await page.locator('#body').fill('The **fictional** lantern parade was halted.')
    await page.getByRole('checkbox', { name: 'Peaceful assembly' }).check()
    for (const n of [0, 1]) {
      await page.getByRole('button', { name: 'Add an incident' }).click()
      await page.locator(`#inc_date-${n}`).fill('2024-05-0' + String(n + 1))
      await page.locator(`#inc_freedom-${n}`).selectOption('assembly')
      await page.locator(`#inc_type-${n}`).selectOption({ label: n === 0 ? 'Protest disruption' : 'Detention of protesters' })
      await page.locator(`#inc_detained-${n}`).fill(String(n * 4))
    }
    await page.locator('#inc_sensitivity-1').selectOption('restricted')
    await page.locator('#inc_notes-1').fill('Fictional restricted name Quillon')
    await checkA11y(researcher.context, page)
    await page.getByRole('button', { name: 'Save and submit for review' }).click()
    await page.getByText('Submitted', { exact: true }).first().waitFor()
    const edit = page.url().split('?')[0]!
    const id = /\/updates\/(\d+)\/edit/.exec(edit)![1]!

    const review = editor.page
    await review.goto(`${server.url}/workspace?status=submitted`)
    await review.getByRole('link', { name: 'Sample: fictional lantern parade halted' }).click()
    await checkA11y(editor.context, review)
    await review.locator('#comment').fill('Please name the fictional organisers in the summary.')
    await review.getByRole('button', { name: 'Request changes' }).click()

    await page.goto(edit)
    expect(await page.locator('.comments').textContent()).toContain('Please name the fictional organisers')
    await page.locator('#summary').fill('Fictional organisers: the Lantern Society (a test fiction).')
    await page.getByRole('button', { name: 'Save and submit for review' }).click()
    await page.getByText('Submitted', { exact: true }).first().waitFor()

    await review.goto(edit)
    await review.getByRole('button', { name: 'Approve' }).click()
    // To the second, 15 seconds ahead: time for the checks that it is not public yet.
    const at = new Date(Math.ceil((Date.now() + 15_000) / 1000) * 1000)
    await review.locator('#publish_at').fill(at.toISOString().slice(0, 19))
    await review.locator('#zone').selectOption('UTC')
    await review.getByRole('button', { name: 'Schedule publication' }).click()
    await review.getByText('Scheduled', { exact: true }).first().waitFor()

    const reader = await browser.newPage({ javaScriptEnabled: false })
    expect((await reader.goto(`${server.url}/updates/${id}`))!.status()).toBe(404)
    await reader.goto(`${server.url}/updates`)
    expect(await reader.content()).not.toContain('lantern parade')

    await waitForPublication(site(), at, async () => (await fetch(`${server.url}/updates/${id}`)).status === 200)
    const published = await reader.goto(`${server.url}/updates/${id}`)
    expect(published!.status()).toBe(200)
    const text = await reader.content()
    expect(text).toContain('Lantern Society')
    expect(text).toContain('Protest disruption')
    expect(text).not.toContain('Quillon')
    await checkA11y(reader.context(), reader)
  }, 180_000)
})
