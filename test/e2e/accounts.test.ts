import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { generate } from 'otplib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { axeViolations, launchBrowser } from '../helpers/browser.js'
import { seededDataDir } from '../helpers/databases.js'
import { freePort, runCli, startServer, type ServerProcess } from '../helpers/processes.js'

/**
 * The first administrator comes from the command line; she invites a researcher from the
 * browser; the researcher follows the e-mailed link, sets a password, enrols an authenticator,
 * signs out and signs in again. JavaScript stays off throughout.
 */
describe('inviting a researcher and signing in with two factors', () => {
  let dir: string
  let server: ServerProcess
  let browser: Browser
  let auditor: BrowserContext
  const audited: string[] = []
  const sessions: { admin?: BrowserContext; researcher?: BrowserContext } = {}

  beforeAll(async () => {
    dir = await seededDataDir('e2e-accounts')
    const port = await freePort()
    const env = { DATA_DIR: dir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }
    server = await startServer(env)
    browser = await launchBrowser()
    auditor = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true })
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await server?.stop()
    await rm(dir, { recursive: true, force: true })
  })

  const totpFrom = async (page: Page, offsetSeconds = 0) => {
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '')
    return { secret, code: await generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSeconds }) }
  }
  const audit = async (context: BrowserContext, page: Page) => {
    // Same cookies, a context that may run axe-core: copy the session over.
    await auditor.addCookies(await context.cookies())
    const copy = await auditor.newPage()
    await copy.goto(page.url())
    const violations = await axeViolations(copy)
    await copy.close()
    audited.push(new URL(page.url()).pathname)
    return violations
  }
  const setUp = async (page: Page, password: string) => {
    await page.locator('#password').fill(password)
    await page.locator('#confirm').fill(password)
    const { secret, code } = await totpFrom(page)
    await page.locator('#code').fill(code)
    await page.getByRole('button', { name: 'Activate my account' }).click()
    await page.getByRole('heading', { name: 'Your account is ready' }).waitFor()
    expect(await page.locator('.recovery-codes li').count()).toBe(10)
    return secret
  }

  it('works from the command line to a second sign-in', async () => {
    const cli = await runCli(['user', 'add', '--email', 'fictional.admin@example.org', '--role', 'admin', '--name', 'Fictional Admin'], {
      DATA_DIR: dir,
      PUBLIC_URL: server.url.replace('localhost', '127.0.0.1'),
    })
    expect(cli.code).toBe(0)
    const adminLink = cli.stdout.trim().split('\n').at(-1)!
    expect(adminLink).toMatch(/\/account\/setup\/[\w-]{43}$/)

    const admin = await browser.newContext({ javaScriptEnabled: false })
    const adminPage = await admin.newPage()
    await adminPage.goto(new URL(new URL(adminLink).pathname, server.url).href)
    expect(await audit(admin, adminPage)).toEqual([])
    await setUp(adminPage, 'a fictional administrator passphrase')

    await adminPage.goto(`${server.url}/admin/users`)
    await adminPage.locator('#email').fill('fictional.researcher@example.org')
    await adminPage.locator('#name').fill('Fictional Researcher')
    await adminPage.getByRole('checkbox', { name: 'Researcher', exact: true }).check()
    await adminPage.locator('#countries').selectOption(['KAZ'])
    await adminPage.getByRole('button', { name: 'Send the invitation' }).click()
    await adminPage.getByText('Invitation sent to fictional.researcher@example.org').waitFor()
    expect(await audit(admin, adminPage)).toEqual([])

    const mail = await waitForMail(join(dir, 'outbox'), 'fictional.researcher@example.org')
    const invitation = /https?:\/\/\S+\/account\/setup\/[\w-]{43}/.exec(mail)?.[0]
    expect(invitation).toBeDefined()

    const researcher = await browser.newContext({ javaScriptEnabled: false })
    const page = await researcher.newPage()
    await page.goto(new URL(new URL(invitation!).pathname, server.url).href)
    // Too short is stopped by the browser (minlength); a mismatch and a wrong code by the server.
    await page.locator('#password').fill('a fictional researcher passphrase')
    await page.locator('#confirm').fill('a different fictional passphrase')
    await page.locator('#code').fill('000000')
    await page.getByRole('button', { name: 'Activate my account' }).click()
    await page.getByText('The two passwords are not the same.').first().waitFor()
    expect(await audit(researcher, page)).toEqual([])
    const secret = await setUp(page, 'a fictional researcher passphrase')

    await page.getByRole('link', { name: 'Go to your account' }).click()
    expect(await page.locator('main').textContent()).toContain('Researcher')
    expect(await audit(researcher, page)).toEqual([])
    await page.getByRole('button', { name: 'Sign out', exact: true }).click()
    await page.goto(`${server.url}/sign-in`)
    expect(await audit(researcher, page)).toEqual([])
    await page.locator('#email').fill('fictional.researcher@example.org')
    await page.locator('#password').fill('a fictional researcher passphrase')
    // The set-up used this 30-second step's code; a code is accepted once, so use the next step's.
    await page.locator('#code').fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }))
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.waitForURL('**/account')
    expect(await page.locator('main').textContent()).toContain('fictional.researcher@example.org')
    expect(audited.length).toBe(5)
    sessions.admin = admin
    sessions.researcher = researcher
  }, 120_000)

  it('moves the researcher to a new authenticator, then the administrator disables the account', async () => {
    const page = await sessions.researcher!.newPage()
    await page.goto(`${server.url}/account`)
    await page.locator('#twoFactorPassword').fill('a fictional researcher passphrase')
    await page.getByRole('button', { name: 'Set up a new authenticator' }).click()
    expect(await audit(sessions.researcher!, page)).toEqual([])
    const { code } = await totpFrom(page)
    await page.locator('#code').fill(code)
    await page.getByRole('button', { name: 'Use this authenticator' }).click()
    await page.getByText('Your new authenticator is in use').waitFor()
    expect(await page.locator('.recovery-codes li').count()).toBe(10)

    const adminPage = await sessions.admin!.newPage()
    await adminPage.goto(`${server.url}/admin/users`)
    await adminPage.getByRole('link', { name: 'fictional.researcher@example.org' }).click()
    expect(await audit(sessions.admin!, adminPage)).toEqual([])
    await adminPage.getByRole('checkbox', { name: /Disable this account/ }).check()
    await adminPage.getByRole('button', { name: 'Save the changes' }).click()
    await adminPage.getByText('The changes are saved.').waitFor()
    expect(await adminPage.locator('.facts').textContent()).toContain('Disabled')

    await page.goto(`${server.url}/account`)
    await page.waitForURL('**/sign-in**')
  }, 60_000)
})

async function waitForMail(dir: string, recipient: string, timeoutMs = 15_000): Promise<string> {
  const until = Date.now() + timeoutMs
  while (Date.now() < until) {
    const files = await readdir(dir).catch(() => [] as string[])
    for (const file of files) {
      const text = await readFile(join(dir, file), 'utf8')
      // The body is quoted-printable: join soft line breaks and decode =XX escapes.
      if (text.includes(`To: ${recipient}`))
        return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`no e-mail to ${recipient} in ${dir} after ${timeoutMs} ms`)
}
