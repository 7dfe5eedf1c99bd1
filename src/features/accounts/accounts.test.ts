import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser, type TestUser } from '../../../test/helpers/factories.js'
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js'
import { newToken, sha256 } from '../../lib/secrets.js'

const NOW = new Date('2030-03-01T10:00:00Z')
const codeFor = (user: TestUser, at = NOW) => generate({ secret: user.totpSecret!, epoch: Math.floor(at.getTime() / 1000) })
const cookieOf = (setCookie: string | string[] | undefined) =>
  String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0] ?? ''

describe.each(backends)('sign-in API on %s', (kind) => {
  let now = NOW
  const t = useTestApp(kind, { clock: () => now })
  const signIn = (body: object, headers: Record<string, string> = {}) =>
    t().app.inject({ method: 'POST', url: '/api/v1/session', payload: body, headers: { 'x-forwarded-for': '198.51.100.1', ...headers } })

  it('GET /api/v1/me is 401 without a session', async () => {
    const res = await t().app.inject('/api/v1/me')
    expect(res.statusCode).toBe(401)
    expect(res.json<{ error: { code: string } }>().error.code).toBe('unauthorized')
  })

  it('signs a staff member in with password and TOTP; the cookie is HttpOnly and SameSite; /me names the roles', async () => {
    const editor = await createUser(t().database.db, { roles: ['editor', 'panelist'] })
    const res = await signIn({ email: editor.email.toUpperCase(), password: editor.password, totp: await codeFor(editor) })
    expect(res.statusCode).toBe(200)
    const cookie = String(res.headers['set-cookie'])
    expect(cookie).toMatch(/^cm_session=[\w-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).toMatch(/Path=\//)
    const me = await t().app.inject({ url: '/api/v1/me', headers: { cookie: cookieOf(res.headers['set-cookie']) } })
    expect(me.json()).toMatchObject({ email: editor.email, roles: ['editor', 'panelist'], csrfToken: expect.any(String) as string })
    const audit = await t()
      .database.db.selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'sign-in')
      .where('subject_key', '=', String(editor.id))
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('refuses staff without a code, with a wrong code, and a replayed code, with one message', async () => {
    const researcher = await createUser(t().database.db, { roles: ['researcher'] })
    const refused = async (body: object) => {
      const res = await signIn(body)
      expect(res.statusCode).toBe(401)
      expect(res.json<{ error: { message: string } }>().error.message).toBe('The e-mail address, password or code is not right.')
      expect(res.headers['set-cookie']).toBeUndefined()
    }
    await refused({ email: researcher.email, password: researcher.password })
    await refused({ email: researcher.email, password: researcher.password, totp: '000000' })
    await refused({ email: researcher.email, password: 'a wrong passphrase entirely', totp: await codeFor(researcher) })
    const code = await codeFor(researcher)
    expect((await signIn({ email: researcher.email, password: researcher.password, totp: code })).statusCode).toBe(200)
    await refused({ email: researcher.email, password: researcher.password, totp: code })
  })

  it('accepts each recovery code once', async () => {
    const admin = await createUser(t().database.db, { roles: ['admin'] })
    const [code] = newRecoveryCodes(1)
    await t()
      .database.db.insertInto('recovery_codes')
      .values({ user_id: admin.id, code_hash: sha256(normaliseRecoveryCode(code!)), used_at: null })
      .execute()
    expect((await signIn({ email: admin.email, password: admin.password, totp: code!.toUpperCase() })).statusCode).toBe(200)
    expect((await signIn({ email: admin.email, password: admin.password, totp: code! })).statusCode).toBe(401)
  })

  it('answers an unknown address exactly like a wrong password', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    const unknown = await signIn(
      { email: 'nobody.fictional@example.org', password: 'a fictional long passphrase' },
      { 'x-forwarded-for': '198.51.100.2' },
    )
    const wrong = await signIn({ email: journalist.email, password: 'not the passphrase at all' }, { 'x-forwarded-for': '198.51.100.2' })
    expect([unknown.statusCode, wrong.statusCode]).toEqual([401, 401])
    expect(unknown.body).toBe(wrong.body)
    expect((await signIn({ email: journalist.email, password: journalist.password })).statusCode).toBe(200) // no 2FA required
  })

  it('slows down repeated failures per account, whether or not it exists, and says when to retry', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    for (const email of [journalist.email, 'ghost.fictional@example.org']) {
      for (let i = 0; i < 5; i++)
        expect((await signIn({ email, password: `wrong guess ${i} ok` }, { 'x-forwarded-for': `203.0.113.${i}` })).statusCode).toBe(401)
      const throttled = await signIn({ email, password: journalist.password }, { 'x-forwarded-for': '203.0.113.50' })
      expect(throttled.statusCode).toBe(429)
      expect(throttled.headers['retry-after']).toBe('2')
      expect(throttled.json<{ error: { message: string } }>().error.message).toBe('Too many attempts. Try again in 2 seconds.')
    }
    now = new Date(NOW.getTime() + 3000)
    expect(
      (await signIn({ email: journalist.email, password: journalist.password }, { 'x-forwarded-for': '203.0.113.51' })).statusCode,
    ).toBe(200)
    now = NOW
  })

  it('refuses malformed bodies with a clear 400 and signs nobody in', async () => {
    const cases: [object, string][] = [
      [{ email: 'someone@example.org' }, 'password'],
      [{ email: 'someone@example.org', password: 'x', admin: true }, 'request'],
      [{ email: 'x'.repeat(300), password: 'x' }, 'email'],
      [{ email: 'someone@example.org', password: 42 }, 'password'],
    ]
    for (const [body, field] of cases) {
      const res = await signIn(body)
      expect(res.statusCode, JSON.stringify(body)).toBe(400)
      expect(res.json<{ error: { details: { field: string }[] } }>().error.details[0]?.field).toBe(field)
    }
  })

  it('rotates the session at sign-in and signs out with the CSRF token only', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    const firstResponse = await signIn({ email: journalist.email, password: journalist.password })
    const first = cookieOf(firstResponse.headers['set-cookie'])
    const firstCsrf = firstResponse.json<{ csrfToken: string }>().csrfToken
    // A signed-in client signing in again must prove itself like any other write.
    expect((await signIn({ email: journalist.email, password: journalist.password }, { cookie: first })).statusCode).toBe(403)
    const second = await signIn({ email: journalist.email, password: journalist.password }, { cookie: first, 'x-csrf-token': firstCsrf })
    const cookie = cookieOf(second.headers['set-cookie'])
    expect(cookie).not.toBe(first)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: first } })).statusCode).toBe(401)

    const { csrfToken } = second.json<{ csrfToken: string }>()
    expect((await t().app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(403)
    expect(
      (await t().app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': 'forged' } })).statusCode,
    ).toBe(403)
    const out = await t().app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': csrfToken } })
    expect(out.statusCode).toBe(204)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode).toBe(401)
    expect((await t().app.inject({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(401)
  })

  it('ends sessions after two idle hours and after twelve hours in all', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    const cookie = cookieOf((await signIn({ email: journalist.email, password: journalist.password })).headers['set-cookie'])
    const me = () => t().app.inject({ url: '/api/v1/me', headers: { cookie } })
    for (const hours of [1.5, 3, 4.5, 6, 7.5, 9, 10.5]) {
      now = new Date(NOW.getTime() + hours * 3600_000)
      expect((await me()).statusCode, `${hours} h`).toBe(200)
    }
    now = new Date(NOW.getTime() + 12.1 * 3600_000)
    expect((await me()).statusCode).toBe(401)
    const idle = cookieOf((await signIn({ email: journalist.email, password: journalist.password })).headers['set-cookie'])
    now = new Date(now.getTime() + 2.1 * 3600_000)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: idle } })).statusCode).toBe(401)
    now = NOW
  })

  it('accepts a personal API token, acting only with the roles it was given', async () => {
    const user = await createUser(t().database.db, { roles: ['editor', 'admin'] })
    const token = `cm_${newToken()}`
    await t()
      .database.db.insertInto('api_tokens')
      .values({ user_id: user.id, name: 'fictional script', token_hash: sha256(token), roles: ['editor'] })
      .execute()
    const me = await t().app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    expect(me.json<{ roles: string[] }>().roles).toEqual(['editor'])
    expect((await t().app.inject({ url: '/api/v1/me', headers: { authorization: 'Bearer cm_not-a-token' } })).statusCode).toBe(401)
    await t().database.db.updateTable('api_tokens').set({ revoked_at: NOW }).where('user_id', '=', user.id).execute()
    expect((await t().app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
  })
})
