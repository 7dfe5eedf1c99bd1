import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { safeNext } from './accounts.pages.js'
import { inviteUser } from './setup.service.js'

const NOW = new Date('2030-04-01T09:00:00Z')
const cookiesOf = (setCookie: string | string[] | undefined) =>
  [setCookie ?? []]
    .flat()
    .map((c) => c.split(';')[0])
    .join('; ')
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe.each(backends)('account pages on %s', (kind) => {
  let now = NOW
  const t = useTestApp(kind, { clock: () => now })

  const openSignIn = async (path = '/sign-in') => {
    const res = await t().app.inject(path)
    const csrf = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1] ?? ''
    return { res, csrf, cookie: cookiesOf(res.headers['set-cookie']) }
  }

  it('signs in through the form, keeps the address on failure, and refuses a form from elsewhere', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    const { res, csrf, cookie } = await openSignIn()
    expect(res.headers['cache-control']).toBe('no-store')
    expect(cookie).toMatch(/^cm_csrf=/)
    const post = (fields: Record<string, string>, headers = {}) =>
      t().app.inject({ method: 'POST', url: '/sign-in', headers: { ...FORM, cookie, ...headers }, payload: form(fields) })

    const forged = await t().app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: FORM,
      payload: form({ email: journalist.email, password: journalist.password, _csrf: csrf }),
    })
    expect(forged.statusCode).toBe(403)
    expect(forged.headers['set-cookie']).toBeUndefined()

    const wrong = await post({ email: journalist.email, password: 'not the right passphrase', _csrf: csrf })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.body).toContain('The e-mail address, password or code is not right.')
    expect(wrong.body).toContain(`value="${journalist.email}"`)
    expect(wrong.body).not.toContain('not the right passphrase')

    const other = await createUser(t().database.db, { roles: ['journalist'] })
    for (let i = 0; i < 5; i++) await post({ email: other.email, password: `wrong guess ${i} ok`, _csrf: csrf })
    const throttled = await post({ email: other.email, password: other.password, _csrf: csrf })
    expect(throttled.statusCode).toBe(429)
    expect(throttled.headers['retry-after']).toBe('2')
    expect(throttled.body).toContain('Too many attempts. Try again in 2 seconds.')
    expect(throttled.body).toContain(`value="${other.email}"`)

    const ok = await post({ email: journalist.email, password: journalist.password, _csrf: csrf, next: '/countries' })
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/countries')
    const session = cookiesOf(ok.headers['set-cookie'])
    const account = await t().app.inject({ url: '/account', headers: { cookie: session } })
    expect(account.statusCode).toBe(200)
    expect(account.body).toContain(journalist.email)
    expect(account.body).toContain('Journalist')
  })

  it('sends the signed-out to sign-in, and signs out only with the session token', async () => {
    const anonymous = await t().app.inject('/ru/account')
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe('/ru/sign-in?next=%2Fru%2Faccount')

    const editor = await createUser(t().database.db, { roles: ['editor'] })
    const { csrf, cookie } = await openSignIn()
    const code = await generate({ secret: editor.totpSecret!, epoch: Math.floor(now.getTime() / 1000) })
    const ok = await t().app.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { ...FORM, cookie },
      payload: form({ email: editor.email, password: editor.password, code, _csrf: csrf }),
    })
    expect(ok.headers.location).toBe('/account')
    const session = cookiesOf(ok.headers['set-cookie'])
    const accountPage = (await t().app.inject({ url: '/account', headers: { cookie: session } })).body
    const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(accountPage)?.[1] ?? ''
    expect(
      (await t().app.inject({ method: 'POST', url: '/sign-out', headers: { ...FORM, cookie: session }, payload: form({ _csrf: csrf }) }))
        .statusCode,
    ).toBe(403)
    const out = await t().app.inject({
      method: 'POST',
      url: '/sign-out',
      headers: { ...FORM, cookie: session },
      payload: form({ _csrf: sessionCsrf }),
    })
    expect(out.statusCode).toBe(303)
    expect((await t().app.inject({ url: '/account', headers: { cookie: session } })).statusCode).toBe(303)
  })

  it('sets up an invited account: password rules, TOTP enrolment, recovery codes, single use', async () => {
    const { token } = await inviteUser(
      t().database.db,
      { email: 'Fictional.Setup@example.org', displayName: 'Fictional Setup', roles: ['researcher'] },
      { actor: { name: 'test' }, now },
    )
    const url = `/account/setup/${token}`
    const page = await t().app.inject(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('fictional.setup@example.org')
    expect(page.body).toMatch(/<img class="qr" src="data:image\/svg\+xml;base64,/)
    const secret = (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? '').replace(/ /g, '')
    expect(secret.length).toBeGreaterThanOrEqual(16)
    const cookie = cookiesOf(page.headers['set-cookie'])
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ''
    expect(cookie).toContain(`cm_csrf=${csrf}`)
    const submit = (fields: Record<string, string>) =>
      t().app.inject({ method: 'POST', url, headers: { ...FORM, cookie }, payload: form({ ...fields, _csrf: csrf }) })
    const code = () => generate({ secret, epoch: Math.floor(now.getTime() / 1000) })

    const short = await submit({ password: 'too short', confirm: 'too short', code: await code() })
    expect(short.statusCode).toBe(422)
    expect(short.body).toContain('The password needs at least 12 characters.')
    const mismatch = await submit({ password: 'a fictional long passphrase', confirm: 'a different long passphrase', code: await code() })
    expect(mismatch.body).toContain('The two passwords are not the same.')
    const badCode = await submit({ password: 'a fictional long passphrase', confirm: 'a fictional long passphrase', code: '123456' })
    expect(badCode.body).toContain('The code is not right.')
    const user = await t()
      .database.db.selectFrom('users')
      .select(['status', 'password_hash'])
      .where('email', '=', 'fictional.setup@example.org')
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ status: 'invited', password_hash: null })

    const done = await submit({ password: 'a fictional long passphrase', confirm: 'a fictional long passphrase', code: await code() })
    expect(done.statusCode).toBe(200)
    expect(done.headers['cache-control']).toBe('no-store')
    expect([...done.body.matchAll(/<li><code>([a-z2-9-]{14})<\/code><\/li>/g)]).toHaveLength(10)
    expect(String(done.headers['set-cookie'])).toMatch(/cm_session=/)
    expect(
      (await submit({ password: 'a fictional long passphrase', confirm: 'a fictional long passphrase', code: await code() })).statusCode,
    ).toBe(410)
    expect((await t().app.inject(url)).statusCode).toBe(410)
  })

  it('refuses an expired set-up link', async () => {
    const { token } = await inviteUser(
      t().database.db,
      { email: 'fictional.late@example.org', displayName: 'Fictional Late', roles: ['admin'] },
      { actor: { name: 'test' }, now },
    )
    now = new Date(NOW.getTime() + 24 * 3600_000 + 1000)
    const res = await t().app.inject(`/ru/account/setup/${token}`)
    now = NOW
    expect(res.statusCode).toBe(410)
    expect(res.body).toContain('Эту ссылку нельзя использовать')
  })
})

describe('safeNext', () => {
  it('keeps paths on this site only', () => {
    expect(safeNext('/countries?sort=region')).toBe('/countries?sort=region')
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', undefined])
      expect(safeNext(bad)).toBe('')
  })
})
