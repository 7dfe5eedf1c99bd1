import { translator } from '../../lib/i18n.js'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { signIn } from '../accounts/sign-in.service.js'

const NOW = new Date('2030-03-01T09:00:00Z')
const CSRF = 'fictional-accreditation-form'
const HEADERS = { 'content-type': 'application/x-www-form-urlencoded', cookie: `cm_csrf=${CSRF}` }
let serial = 0
const newEmail = () => `fictional.reporter${++serial}.${Date.now()}@example.org`
const fields = (email: string, changes: Record<string, string> = {}): Record<string, string> => ({
  name: 'Fictional Reporter',
  outlet: 'The Fictional Gazette',
  email,
  reason: 'I cover civic space in fictional countries and would like to prepare articles before publication.',
  ...changes,
})

describe.each(backends)('press accreditation on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  let ip = 0
  const ask = (values: Record<string, string>, options: { url?: string; remoteAddress?: string } = {}) =>
    t().app.inject({
      method: 'POST',
      url: options.url ?? '/press/accreditation',
      headers: HEADERS,
      remoteAddress: options.remoteAddress ?? `198.51.100.${++ip}`,
      payload: new URLSearchParams({ ...values, _csrf: CSRF }).toString(),
    })
  const requestsOf = (email: string) => db().selectFrom('accreditations').selectAll().where('email', '=', email).orderBy('id').execute()
  const mailsTo = (email: string) =>
    db().selectFrom('outbox').select(['subject', 'body']).where('recipient', '=', email).orderBy('id').execute()
  const pendingId = async (email: string) => {
    await ask(fields(email))
    return (await requestsOf(email)).at(-1)!.id
  }
  const editor = async () => signedIn(db(), (await createUser(db(), { roles: ['editor'] })).id, NOW)
  const decide = async (who: { cookie: string; csrf: string }, id: number, decision: string) =>
    postForm(t().app, who, `/workspace/accreditations/${id}/decision`, [['decision', decision]])

  it('shows the form to anyone, with a form token, never cached', async () => {
    const res = await t().app.inject('/press/accreditation')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toContain('name="outlet"')
    expect(res.body).toMatch(/name="_csrf" value="[\w-]{43}"/)
  })

  it.each([
    ['name', { name: '  ' }, 'Enter your name on one line, without web addresses (at most 200 characters).'],
    ['name', { name: 'N'.repeat(201) }, 'Enter your name on one line, without web addresses (at most 200 characters).'],
    // The name is repeated in our e-mail before anyone reads the request: no second line, no link.
    [
      'name',
      { name: 'Fictional Reporter\n\nYour account is locked' },
      'Enter your name on one line, without web addresses (at most 200 characters).',
    ],
    [
      'name',
      { name: 'Fictional Reporter, see https://evil.example' },
      'Enter your name on one line, without web addresses (at most 200 characters).',
    ],
    ['outlet', { outlet: '' }, 'Enter the media organisation you work for on one line, without web addresses (at most 200 characters).'],
    ['email', { email: 'reporter-at-example' }, 'Enter an e-mail address such as name@example.org.'],
    ['reason', { reason: '' }, 'Tell us why you need access (at most 4,000 characters).'],
    ['reason', { reason: 'R'.repeat(4001) }, 'Tell us why you need access (at most 4,000 characters).'],
  ])('refuses a bad %s with its message, keeps what was typed, and stores nothing', async (_field, change, message) => {
    const email = newEmail()
    const values = fields(email, change)
    const res = await ask(values)
    expect(res.statusCode).toBe(422)
    expect(res.body).toContain(message)
    expect(res.body).toContain('class="field has-problem"')
    // What was typed comes back (an empty field has no value to show).
    for (const name of ['name', 'outlet', 'email'] as const) if (values[name]!.trim()) expect(res.body).toContain(`value="${values[name]}"`)
    expect(res.body).toContain(`${values.reason}</textarea>`)
    expect(await requestsOf(email)).toHaveLength(0)
    expect(await mailsTo(email)).toHaveLength(0)
  })

  it('stores a pending request and acknowledges it in the language of the page', async () => {
    const email = newEmail()
    const res = await ask(fields(email.toUpperCase()), { url: '/fr/press/accreditation' })
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Votre demande a bien été reçue')
    expect(await requestsOf(email)).toMatchObject([{ status: 'pending', outlet: 'The Fictional Gazette', user_id: null, decided_at: null }])
    const mails = await mailsTo(email)
    expect(mails).toHaveLength(1)
    expect(mails[0]!.subject).toBe('Votre demande d’accréditation presse')
    expect(mails[0]!.body).toContain('Bonjour Fictional Reporter,')
    // The decision is written in the request's language too.
    expect(await requestsOf(email)).toMatchObject([{ language: 'fr' }])
    await decide(await editor(), (await requestsOf(email))[0]!.id, 'refuse')
    expect((await mailsTo(email)).at(-1)!.subject).toBe(translator('fr')('accreditation.mail.refusedSubject'))
  })

  it('answers a second request for a pending address the same, without storing or mailing it again', async () => {
    const email = newEmail()
    const first = await ask(fields(email))
    const second = await ask(fields(email.toUpperCase(), { name: 'Someone Else' }))
    expect(second.statusCode).toBe(200)
    expect(second.body).toBe(first.body)
    expect(await requestsOf(email)).toHaveLength(1)
    expect(await mailsTo(email)).toHaveLength(1)
  })

  it('answers the same whether or not the address has an account', async () => {
    const known = await createUser(db(), { roles: ['researcher'] })
    const unknown = await ask(fields(newEmail()))
    const existing = await ask(fields(known.email))
    expect(existing.statusCode).toBe(200)
    expect(existing.body).toBe(unknown.body)
  })

  it('takes at most five requests an hour from one network', async () => {
    const remoteAddress = '203.0.113.5'
    for (let i = 0; i < 5; i++) expect((await ask(fields(newEmail()), { remoteAddress })).statusCode).toBe(200)
    const email = newEmail()
    const refused = await ask(fields(email), { remoteAddress })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain('Too many requests have come from your network.')
    expect(await requestsOf(email)).toHaveLength(0)
  })

  it('lets only editors see and decide requests', async () => {
    const email = newEmail()
    const id = await pendingId(email)
    for (const role of ['journalist', 'researcher', 'admin', 'panelist'] as const) {
      const who = await signedIn(db(), (await createUser(db(), { roles: [role] })).id, NOW)
      expect((await t().app.inject({ url: '/workspace/accreditations', headers: { cookie: who.cookie } })).statusCode).toBe(403)
      expect((await decide(who, id, 'approve')).statusCode).toBe(403)
    }
    const anonymous = await t().app.inject({
      method: 'POST',
      url: `/workspace/accreditations/${id}/decision`,
      headers: HEADERS,
      payload: 'decision=approve',
    })
    expect(anonymous.statusCode).toBe(303)
    expect(await requestsOf(email)).toMatchObject([{ status: 'pending' }])
    const page = await t().app.inject({ url: '/workspace/accreditations', headers: { cookie: (await editor()).cookie } })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain(email)
    expect(page.body).toContain('I cover civic space in fictional countries')
  })

  it('approving a new address invites a journalist account, set up without a second factor', async () => {
    const email = newEmail()
    const id = await pendingId(email)
    const who = await editor()
    const res = await decide(who, id, 'approve')
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/workspace/accreditations?done=approved')
    const user = await db()
      .selectFrom('users')
      .select(['id', 'status', 'display_name'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow()
    expect(user).toMatchObject({ status: 'invited', display_name: 'Fictional Reporter' })
    const roles = await db().selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['journalist'])
    const [request] = await requestsOf(email)
    expect(request).toMatchObject({ status: 'approved', user_id: user.id })
    expect(request!.decided_at).toEqual(NOW)
    const mail = (await mailsTo(email)).at(-1)!
    expect(mail.subject).toBe('Your press accreditation has been approved')
    const link = /http:\/\/civic-monitor\.test(\/account\/setup\/[\w-]{43})/.exec(mail.body)![1]!
    const form = await t().app.inject(link)
    expect(form.statusCode).toBe(200)
    expect(form.body).not.toContain('name="code"')
    const password = 'a fictional journalist passphrase'
    const done = await t().app.inject({
      method: 'POST',
      url: link,
      headers: HEADERS,
      payload: new URLSearchParams({ password, confirm: password, _csrf: CSRF }).toString(),
    })
    expect(done.statusCode).toBe(200)
    await expect(signIn(db(), { email, password, code: '' }, { now: NOW, ip: '192.0.2.1' })).resolves.toBeTypeOf('number')
  })

  it('will not touch a staff account through a press request: its roles and sessions stay as they are', async () => {
    const admin = await createUser(db(), { roles: ['admin'] })
    const session = await signedIn(db(), admin.id, NOW)
    const id = await pendingId(admin.email)
    const res = await decide(await editor(), id, 'approve')
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('This address belongs to a staff account')
    expect(await requestsOf(admin.email)).toMatchObject([{ status: 'pending' }])
    const roles = await db().selectFrom('user_roles').select('role').where('user_id', '=', admin.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['admin'])
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(200)
  })

  it('approving a known address adds the journalist role to that account and ends its sessions', async () => {
    const researcher = await createUser(db(), { roles: [] })
    const session = await signedIn(db(), researcher.id, NOW)
    const id = await pendingId(researcher.email)
    expect((await decide(await editor(), id, 'approve')).statusCode).toBe(303)
    const roles = await db().selectFrom('user_roles').select('role').where('user_id', '=', researcher.id).orderBy('role').execute()
    expect(roles.map((r) => r.role)).toEqual(['journalist'])
    expect(await requestsOf(researcher.email)).toMatchObject([{ status: 'approved', user_id: researcher.id }])
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(401)
    const mail = (await mailsTo(researcher.email)).at(-1)!
    expect(mail.body).toContain('your Civic Monitor account now has access to the press room')
    expect(mail.body).toContain('http://civic-monitor.test/sign-in')
    expect(await db().selectFrom('account_tokens').select('token_hash').where('user_id', '=', researcher.id).execute()).toHaveLength(0)
  })

  it('approving an address whose invitation is not set up yet adds the role and sends a fresh set-up link', async () => {
    const email = newEmail()
    const invited = await db()
      .insertInto('users')
      .values({ email, display_name: 'Fictional Invitee', status: 'invited' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const id = await pendingId(email)
    expect((await decide(await editor(), id, 'approve')).statusCode).toBe(303)
    const roles = await db().selectFrom('user_roles').select('role').where('user_id', '=', invited.id).execute()
    expect(roles.map((r) => r.role)).toEqual(['journalist'])
    expect(await requestsOf(email)).toMatchObject([{ status: 'approved', user_id: invited.id }])
    expect((await mailsTo(email)).at(-1)!.body).toMatch(/\/account\/setup\/[\w-]{43}/)
  })

  it('refusing marks the request refused and sends a polite refusal; no account is made', async () => {
    const email = newEmail()
    const id = await pendingId(email)
    const res = await decide(await editor(), id, 'refuse')
    expect(res.headers.location).toBe('/workspace/accreditations?done=refused')
    expect(await requestsOf(email)).toMatchObject([{ status: 'refused', user_id: null }])
    expect((await mailsTo(email)).at(-1)!.body).toContain('We are sorry that we cannot grant your request')
    expect(await db().selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(0)
  })

  it('refuses to decide a request twice, or an unknown one, and changes nothing', async () => {
    const email = newEmail()
    const id = await pendingId(email)
    const who = await editor()
    await decide(who, id, 'refuse')
    const before = { requests: await requestsOf(email), mails: await mailsTo(email) }
    const again = await decide(who, id, 'approve')
    expect(again.statusCode).toBe(409)
    expect(again.body).toContain('This request has already been decided: nothing was changed.')
    expect({ requests: await requestsOf(email), mails: await mailsTo(email) }).toEqual(before)
    expect(await db().selectFrom('users').select('id').where('email', '=', email).execute()).toHaveLength(0)
    expect((await decide(who, 999_999_999, 'approve')).statusCode).toBe(404)
    expect((await decide(who, id, 'maybe')).statusCode).toBe(400)
  })

  it('will not approve for a disabled account', async () => {
    const disabled = await createUser(db(), { roles: [] })
    await db().updateTable('users').set({ status: 'disabled' }).where('id', '=', disabled.id).execute()
    const id = await pendingId(disabled.email)
    const res = await decide(await editor(), id, 'approve')
    expect(res.statusCode).toBe(409)
    expect(res.body).toContain('is disabled')
    expect(await requestsOf(disabled.email)).toMatchObject([{ status: 'pending' }])
    expect(await db().selectFrom('user_roles').select('role').where('user_id', '=', disabled.id).execute()).toHaveLength(0)
  })

  it('revoking takes the role back and ends the sessions; only an approved accreditation can be revoked', async () => {
    const journalist = await createUser(db(), { roles: [] })
    const id = await pendingId(journalist.email)
    const who = await editor()
    expect((await postForm(t().app, who, `/workspace/accreditations/${id}/revoke`)).statusCode).toBe(409)
    await decide(who, id, 'approve')
    const session = await signedIn(db(), journalist.id, NOW)
    const res = await postForm(t().app, who, `/workspace/accreditations/${id}/revoke`)
    expect(res.headers.location).toBe('/workspace/accreditations?done=revoked')
    expect(await requestsOf(journalist.email)).toMatchObject([{ status: 'revoked', user_id: journalist.id }])
    expect(await db().selectFrom('user_roles').select('role').where('user_id', '=', journalist.id).execute()).toHaveLength(0)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: session.cookie } })).statusCode).toBe(401)
    const page = await t().app.inject({ url: '/workspace/accreditations?done=revoked', headers: { cookie: who.cookie } })
    expect(page.body).toContain('Accreditation revoked')
  })

  it('revoking one of two approved accreditations of an account keeps its press access until the last goes', async () => {
    const journalist = await createUser(db(), { roles: [] })
    const who = await editor()
    const first = await pendingId(journalist.email)
    await decide(who, first, 'approve')
    const second = await pendingId(journalist.email)
    await decide(who, second, 'approve')
    const roles = () => db().selectFrom('user_roles').select('role').where('user_id', '=', journalist.id).execute()
    await postForm(t().app, who, `/workspace/accreditations/${first}/revoke`)
    expect(await roles()).toEqual([{ role: 'journalist' }])
    await postForm(t().app, who, `/workspace/accreditations/${second}/revoke`)
    expect(await roles()).toEqual([])
  })
})
