import { rm } from 'node:fs/promises'
import { generate } from 'otplib'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, expect } from 'vitest'
import { openClientDatabase, type Database } from '../../src/db/database.js'
import { axeViolations, launchBrowser } from './browser.js'
import { seededDataDir } from './databases.js'
import { cli as runCommand } from './cli.js'
import { freePort, startServer, type ServerProcess } from './processes.js'

export interface Site {
  dir: string
  server: ServerProcess
  browser: Browser
  /** Lifts the page's CSP so that axe-core can be injected; used for accessibility checks only. */
  auditor: BrowserContext
  /** The running server's database, through its socket, as any command would reach it. */
  database: Database
}

/**
 * A real server and Debian's Chromium for one browser journey, started before the suite and removed
 * after it. The server's data directory is its own copy of the run's seeded database (the real
 * countries and ratings), so journeys run side by side and none waits for a cold seed.
 */
export function useSite(name: string): () => Site {
  let site: Site | undefined
  let dir: string | undefined
  let server: ServerProcess | undefined
  let browser: Browser | undefined
  let database: Database | undefined

  beforeAll(async () => {
    dir = await seededDataDir(`e2e-${name}`)
    const port = await freePort()
    server = await startServer({ DATA_DIR: dir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` }, 60_000)
    database = await openClientDatabase({ dataDir: dir })
    browser = await launchBrowser()
    site = { dir, server, browser, database, auditor: await browser.newContext({ bypassCSP: true }) }
  }, 90_000)

  afterAll(async () => {
    await browser?.close()
    await database?.close()
    await server?.stop()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  return () => {
    if (!site) throw new Error('the site is used before its beforeAll ran')
    return site
  }
}

/** axe-core on a copy of the page, opened with the same cookies (axe needs scripts, the site sends none); no context: anonymous. */
export async function checkA11y(site: Site, context: BrowserContext | null, page: Page): Promise<void> {
  if (context) await site.auditor.addCookies(await context.cookies())
  const fresh = context ? null : await site.browser.newContext({ bypassCSP: true })
  const copy = await (fresh ?? site.auditor).newPage()
  await copy.goto(page.url())
  expect(await axeViolations(copy), copy.url()).toEqual([])
  await copy.close()
  await fresh?.close()
}

/**
 * An account made with the CLI and set up in the browser with JavaScript off: a password, and an
 * authenticator when the set-up page asks for one (staff roles do, a journalist's does not).
 */
export async function setUpAccount(site: Site, email: string, options: string[]) {
  const cli = await runCommand(['user', 'add', '--email', email, '--name', email.split('@')[0]!, ...options], {
    DATA_DIR: site.dir,
    PUBLIC_URL: site.server.url,
  })
  expect(cli.code, cli.stderr).toBe(0)
  const context = await site.browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto(new URL(new URL(cli.stdout.trim().split('\n').at(-1)!).pathname, site.server.url).href)
  await page.locator('#password').fill('a fictional account passphrase')
  await page.locator('#confirm').fill('a fictional account passphrase')
  const enrolled = (await page.locator('code.secret').count()) > 0
  if (enrolled) {
    const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '')
    await page.locator('#code').fill(await generate({ secret }))
  }
  await page.getByRole('button', { name: 'Activate my account' }).click()
  await page.getByRole('heading', { name: 'Your account is ready' }).waitFor()
  return { context, page, enrolled }
}

/**
 * Waits for the real server's scheduler (a run every 5 s) to publish what is due at `at`, polling
 * `published`; fails 30 s after `at`. What the test checked before calling this must have run
 * before `at`, or it proved nothing: that is asserted first.
 */
export async function waitForPublication(site: Site, at: Date, published: () => Promise<boolean>): Promise<void> {
  expect(Date.now(), 'the checks before the scheduled time ran past it').toBeLessThan(at.getTime())
  const deadline = at.getTime() + 30_000
  while (!(await published())) {
    if (Date.now() > deadline)
      throw new Error(`nothing was published 30 s after ${at.toISOString()}:\n${site.server.output().slice(-3000)}`)
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  expect(Date.now()).toBeGreaterThanOrEqual(at.getTime())
}
