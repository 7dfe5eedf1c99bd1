import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { verifyPassword } from './password.js'
import { completeReset, openResetLink } from './reset.service.js'
import { createSession } from './sessions.js'
import { signIn } from './sign-in.service.js'

const NOW = new Date('2030-06-01T12:00:00Z')
const FORM = { 'content-type': 'application/x-www-form-urlencoded', cookie: 'cm_csrf=resetform' }
const post = (fields: Record<string, string>) => new URLSearchParams({ ...fields, _csrf: 'resetform' }).toString()

describe.each(backends)('password reset on %s', (kind) => {
  let now = NOW
  const t = useTestApp(kind, { clock: () => now })
  const ask = (email: string) => t().app.inject({ method: 'POST', url: '/account/reset', headers: FORM, payload: post({ email }) })
  const mailTo = (email: string) =>
    t().database.db.selectFrom('outbox').select('body').where('recipient', '=', email).where('subject', 'like', 'Reset%').execute()

  it('answers the same for known and unknown addresses, and mails only real accounts', async () => {
    const editor = await createUser(t().database.db, { roles: ['editor'] })
    const known = await ask(editor.email)
    const unknown = await ask('nobody.fictional@example.org')
    expect([known.statusCode, unknown.statusCode]).toEqual([200, 200])
    expect(known.body.replace(editor.email, 'X')).toBe(unknown.body.replace('nobody.fictional@example.org', 'X'))
    expect(await mailTo(editor.email)).toHaveLength(1)
    expect(await mailTo('nobody.fictional@example.org')).toHaveLength(0)
  })

  it('takes a link once even when a second request carries it past the form, changing nothing then', async () => {
    const editor = await createUser(t().database.db, { roles: ['editor'] })
    await ask(editor.email)
    const token = /\/account\/reset\/([\w-]{43})/.exec((await mailTo(editor.email))[0]!.body)![1]!
    const target = (await openResetLink(t().database.db, token, now))!
    const reset = (password: string) => completeReset(t().database.db, token, target, { password, step: null }, { now, ip: '192.0.2.9' })
    await reset('the first fictional passphrase')
    await expect(reset('the second fictional passphrase')).rejects.toMatchObject({
      statusCode: 422,
      problem: { field: 'code', message: 'code.replayed' },
    })
    const { password_hash } = await t()
      .database.db.selectFrom('users')
      .select('password_hash')
      .where('id', '=', editor.id)
      .executeTakeFirstOrThrow()
    expect(await verifyPassword(password_hash!, 'the first fictional passphrase')).toBe(true)
  })

  it('needs the authenticator code too, signs out everywhere, and works once within the hour', async () => {
    const editor = await createUser(t().database.db, { roles: ['editor'] })
    const { token: sessionToken } = await createSession(t().database.db, editor.id, { now, ip: null, userAgent: null })
    await ask(editor.email)
    const link = /\/account\/reset\/[\w-]{43}/.exec((await mailTo(editor.email))[0]!.body)![0]
    const form = await t().app.inject(link)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('name="code"')
    const newPassword = 'a brand new fictional passphrase'
    const noCode = await t().app.inject({
      method: 'POST',
      url: link,
      headers: FORM,
      payload: post({ password: newPassword, confirm: newPassword, code: '000000' }),
    })
    expect(noCode.statusCode).toBe(422)
    expect(noCode.body).toContain('The code is not right.')
    const code = await generate({ secret: editor.totpSecret!, epoch: Math.floor(now.getTime() / 1000) })
    const done = await t().app.inject({
      method: 'POST',
      url: link,
      headers: FORM,
      payload: post({ password: newPassword, confirm: newPassword, code }),
    })
    expect(done.statusCode).toBe(200)
    expect(done.body).toContain('Your password has been changed')
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: `cm_session=${sessionToken}` } })).statusCode).toBe(401)
    expect((await t().app.inject(link)).statusCode).toBe(410)
    const later = await generate({ secret: editor.totpSecret!, epoch: Math.floor(now.getTime() / 1000) + 30 })
    await expect(
      signIn(t().database.db, { email: editor.email, password: newPassword, code: later }, { now, ip: '192.0.2.9' }),
    ).resolves.toBe(editor.id)
  })

  it('refuses a link older than an hour', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    await ask(journalist.email)
    const link = /\/account\/reset\/[\w-]{43}/.exec((await mailTo(journalist.email))[0]!.body)![0]
    now = new Date(NOW.getTime() + 3600_000 + 1000)
    const expired = await t().app.inject(link)
    expect(expired.statusCode).toBe(410)
    expect(expired.body).toContain('This reset link is unknown, has expired or was already used.')
    now = NOW
  })
  it('sends at most three live links to one address, with the same answer every time', async () => {
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    const answers = new Set<string>()
    for (let i = 0; i < 5; i++) answers.add((await ask(journalist.email)).body)
    expect(answers.size).toBe(1)
    expect(await mailTo(journalist.email)).toHaveLength(3)
    now = new Date(NOW.getTime() + 3600_000 + 1000)
    await ask(journalist.email)
    expect(await mailTo(journalist.email)).toHaveLength(4)
    now = NOW
  })
})
