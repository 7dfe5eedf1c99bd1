import { generate } from 'otplib'
import type { Browser } from 'playwright-core'
import { expect } from 'vitest'
import { runCli, type ServerProcess } from './processes.js'

/** A staff account made with the CLI and set up in the browser (password and authenticator), JavaScript off. */
export async function setUpStaff(browser: Browser, server: ServerProcess, dataDir: string, email: string, options: string[]) {
  const cli = await runCli(['user', 'add', '--email', email, '--name', email.split('@')[0]!, ...options], {
    DATA_DIR: dataDir,
    PUBLIC_URL: server.url,
  })
  expect(cli.code, cli.stderr).toBe(0)
  const context = await browser.newContext({ javaScriptEnabled: false })
  const page = await context.newPage()
  await page.goto(new URL(new URL(cli.stdout.trim().split('\n').at(-1)!).pathname, server.url).href)
  await page.locator('#password').fill('a fictional staff passphrase')
  await page.locator('#confirm').fill('a fictional staff passphrase')
  const secret = ((await page.locator('code.secret').textContent()) ?? '').replace(/\s/g, '')
  await page.locator('#code').fill(await generate({ secret }))
  await page.getByRole('button', { name: 'Activate my account' }).click()
  await page.getByRole('heading', { name: 'Your account is ready' }).waitFor()
  return { context, page }
}
