import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { apiSignIn, cookieSet, postForm, signedIn } from '../../../test/helpers/forms.js'

const secretOn = (body: string) => (/<code class="secret">([A-Z2-7 ]+)<\/code>/.exec(body)?.[1] ?? '').replace(/ /g, '')
const me = (app: ReturnType<ReturnType<typeof useTestApp>>['app'], cookie: string) => app.inject({ url: '/api/v1/me', headers: { cookie } })

describe.each(backends)('managing two-factor authentication on %s', (kind) => {
  const t = useTestApp(kind)

  it('lets a journalist turn it on: password first, then a code from the new authenticator', async () => {
    const { app, database } = t()
    const user = await createUser(database.db, { roles: ['journalist'] })
    const here = await signedIn(database.db, user.id)
    const elsewhere = await signedIn(database.db, user.id)
    expect((await app.inject({ url: '/account', headers: { cookie: here.cookie } })).body).toContain('Two-factor authentication is off')

    const wrong = await postForm(app, here, '/account/two-factor/start', [['password', 'not the password']])
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('The current password is not right.')
    const pendingAfterWrong = await database.db
      .selectFrom('users')
      .select('totp_pending_secret')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(pendingAfterWrong.totp_pending_secret).toBeNull()

    expect((await postForm(app, here, '/account/two-factor/start', [['password', user.password]])).statusCode).toBe(303)
    const page = await app.inject({ url: '/account', headers: { cookie: here.cookie } })
    const secret = secretOn(page.body)
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/)
    expect(page.body).toContain('<img class="qr" src="data:image/svg+xml;base64,')

    const badCode = await postForm(app, here, '/account/two-factor/confirm', [['code', '000000']])
    expect(badCode.statusCode).toBe(422)
    expect(badCode.body).toContain('The code is not right.')
    // Not on yet: signing in still needs no code.
    expect((await apiSignIn(app, user.email, user.password)).statusCode).toBe(200)

    const code = await generate({ secret })
    const done = await postForm(app, here, '/account/two-factor/confirm', [['code', code]])
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('Your new authenticator is in use')
    expect([...done.body.matchAll(/<li><code>([a-z2-9-]{14})<\/code><\/li>/g)]).toHaveLength(10)
    // Every earlier session ended; the one that made the change goes on under a new cookie.
    for (const old of [here.cookie, elsewhere.cookie]) expect((await me(app, old)).statusCode).toBe(401)
    expect((await me(app, cookieSet(done))).statusCode).toBe(200)
    expect((await apiSignIn(app, user.email, user.password)).statusCode).toBe(401)
    expect(
      (await apiSignIn(app, user.email, user.password, await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }))).statusCode,
    ).toBe(200)
  })

  it('replaces a researcher’s authenticator: the old one works until the new one is confirmed, then never', async () => {
    const { app, database } = t()
    const user = await createUser(database.db, { roles: ['researcher'] })
    const here = await signedIn(database.db, user.id)
    await postForm(app, here, '/account/two-factor/start', [['password', user.password]])
    const secret = secretOn((await app.inject({ url: '/account', headers: { cookie: here.cookie } })).body)
    expect(secret).not.toBe(user.totpSecret)
    const oldCode = await generate({ secret: user.totpSecret! })
    expect((await apiSignIn(app, user.email, user.password, oldCode)).statusCode).toBe(200)

    const done = await postForm(app, here, '/account/two-factor/confirm', [['code', await generate({ secret })]])
    expect(done.statusCode).toBe(200)
    const later = await generate({ secret: user.totpSecret!, epoch: Math.floor(Date.now() / 1000) + 30 })
    expect((await apiSignIn(app, user.email, user.password, later)).statusCode).toBe(401)
    const stored = await database.db
      .selectFrom('users')
      .select(['totp_secret', 'totp_pending_secret'])
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow()
    expect(stored).toEqual({ totp_secret: secret, totp_pending_secret: null })
    // No secret, pending or not, reaches the audit log.
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['before', 'after'])
      .where('subject', '=', 'users')
      .where('subject_key', '=', String(user.id))
      .execute()
    expect(audit.length).toBeGreaterThan(0)
    expect(JSON.stringify(audit)).not.toMatch(/totp|password_hash/)
    expect(JSON.stringify(audit)).not.toContain(secret)
  })

  it('cancels an enrolment, and a confirmation without one changes nothing', async () => {
    const { app, database } = t()
    const user = await createUser(database.db, { roles: ['editor'] })
    const here = await signedIn(database.db, user.id)
    await postForm(app, here, '/account/two-factor/start', [['password', user.password]])
    const secret = secretOn((await app.inject({ url: '/account', headers: { cookie: here.cookie } })).body)
    expect((await postForm(app, here, '/account/two-factor/cancel')).statusCode).toBe(303)
    const page = await app.inject({ url: '/account', headers: { cookie: here.cookie } })
    expect(page.body).not.toContain('<img class="qr"')
    const late = await postForm(app, here, '/account/two-factor/confirm', [['code', await generate({ secret })]])
    expect(late.statusCode).toBe(303)
    const stored = await database.db.selectFrom('users').select('totp_secret').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(stored.totp_secret).toBe(user.totpSecret)
    expect((await me(app, here.cookie)).statusCode).toBe(200)
  })

  it('refuses a forged form without the CSRF token', async () => {
    const { app, database } = t()
    const user = await createUser(database.db, { roles: ['editor'] })
    const here = await signedIn(database.db, user.id)
    const forged = await postForm(app, { cookie: here.cookie, csrf: 'forged' }, '/account/two-factor/start', [['password', user.password]])
    expect(forged.statusCode).toBe(403)
    const stored = await database.db.selectFrom('users').select('totp_pending_secret').where('id', '=', user.id).executeTakeFirstOrThrow()
    expect(stored.totp_pending_secret).toBeNull()
  })
})
