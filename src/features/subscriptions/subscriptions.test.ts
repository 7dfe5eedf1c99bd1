import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'

const CSRF = 'fictional-form-token'
const HEADERS = { 'content-type': 'application/x-www-form-urlencoded', cookie: `cm_csrf=${CSRF}` }
const form = (fields: [string, string][]) => new URLSearchParams([...fields, ['_csrf', CSRF]]).toString()
let serial = 0
const newEmail = () => `fictional.subscriber${++serial}.${Date.now()}@example.org`

describe.each(backends)('subscriptions on %s', (kind) => {
  const t = useTestApp(kind)
  const db = () => t().database.db
  let ip = 0
  // Each test its own address, so the per-IP limit is tested on purpose only.
  const from = () => `198.51.100.${++ip}`
  const submit = (fields: [string, string][], options: { url?: string; remoteAddress?: string } = {}) =>
    t().app.inject({
      method: 'POST',
      url: options.url ?? '/press/subscribe',
      headers: HEADERS,
      remoteAddress: options.remoteAddress ?? from(),
      payload: form(fields),
    })
  const row = (email: string) => db().selectFrom('subscriptions').selectAll().where('email', '=', email).executeTakeFirst()
  const mails = (email: string) =>
    db().selectFrom('outbox').select(['subject', 'body']).where('recipient', '=', email).orderBy('id').execute()
  const tokenOf = async (email: string) => (await row(email))!.token
  const manage = (token: string, fields: [string, string][], url = `/subscriptions/${token}`) =>
    t().app.inject({ method: 'POST', url, headers: HEADERS, payload: form(fields) })

  it('shows the form in the page language, with the kinds and the countries', async () => {
    const country = await createCountry(db())
    const res = await t().app.inject('/es/press/subscribe')
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toContain('<option value="es" lang="es" selected>')
    expect(res.body).toContain('value="statement"')
    expect(res.body).toContain(`<option value="${country.code}">`)
    expect(res.body).toMatch(/name="_csrf" value="[\w-]{43}"/)
  })

  it('subscribes a new address unconfirmed, with one e-mail holding the confirmation link', async () => {
    const country = await createCountry(db())
    const email = newEmail()
    const res = await submit([
      ['email', `  ${email.toUpperCase()} `],
      ['countries', country.code],
      ['kinds', 'statement'],
      ['kinds', 'press_release'],
      ['language', 'fr'],
    ])
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Check your e-mail')
    const saved = await row(email)
    expect(saved).toMatchObject({ countries: [country.code], kinds: ['press_release', 'statement'], language: 'fr', confirmed_at: null })
    expect(saved!.token).toMatch(/^[\w-]{43}$/)
    const sent = await mails(email)
    expect(sent).toHaveLength(1)
    expect(sent[0]!.subject).toBe('Confirmez votre abonnement aux publications de Civic Monitor')
    expect(sent[0]!.body).toContain(`http://civic-monitor.test/fr/subscriptions/${saved!.token}`)
  })

  it.each([
    ['email', [['email', 'not-an-address']], 'Enter an e-mail address such as name@example.org.'],
    ['countries', [['countries', 'XXX']], 'Choose countries from the list.'],
    ['kinds', [['kinds', 'gossip']], 'Choose kinds of publication from the list.'],
    ['language', [['language', 'de']], 'Choose a language from the list.'],
  ] as [string, [string, string][], string][])(
    'refuses a bad %s with its message, keeps what was typed, and changes nothing',
    async (_, bad, message) => {
      const email = newEmail()
      // The bad value replaces the good one, except that a bad kind comes on top of a good one.
      const good: [string, string][] = [
        ['email', email],
        ['kinds', 'statement'],
        ['language', 'en'],
      ]
      const fields = [...good.filter(([name]) => name === 'kinds' || !bad.some(([b]) => b === name)), ...bad]
      const typedEmail = fields.find(([name]) => name === 'email')![1]
      const res = await submit(fields)
      expect(res.statusCode).toBe(422)
      expect(res.body).toContain(message)
      expect(res.body).toContain(`value="${typedEmail}"`)
      expect(res.body).toContain('value="statement" checked')
      expect(await row(email)).toBeUndefined()
      expect(await mails(email)).toHaveLength(0)
      expect(await mails(typedEmail)).toHaveLength(0)
    },
  )

  it('answers a known address the same, keeps its preferences, and mails it its manage link', async () => {
    const country = await createCountry(db())
    const email = newEmail()
    const fresh = newEmail()
    const first = await submit([
      ['email', email],
      ['kinds', 'statement'],
      ['language', 'ru'],
    ])
    const again = await submit([
      ['email', email],
      ['countries', country.code],
      ['kinds', 'press_release'],
      ['language', 'en'],
    ])
    const other = await submit([['email', fresh]])
    expect([first.statusCode, again.statusCode, other.statusCode]).toEqual([200, 200, 200])
    expect(again.body).toBe(first.body)
    expect(other.body.replace(fresh, 'X')).toBe(again.body.replace(email, 'X'))
    expect(await row(email)).toMatchObject({ countries: [], kinds: ['statement'], language: 'ru', confirmed_at: null })
    const sent = await mails(email)
    expect(sent).toHaveLength(2)
    // In the subscription's language, not the one just typed.
    expect(sent[1]!.subject).toBe('Ваша подписка на публикации Civic Monitor')
    expect(sent[1]!.body).toContain(`/ru/subscriptions/${await tokenOf(email)}`)
  })

  it('writes at most three e-mails an hour to one address, still with the same answer', async () => {
    const email = newEmail()
    const answers = new Set<string>()
    for (let i = 0; i < 5; i++) answers.add((await submit([['email', email]])).body)
    expect(answers.size).toBe(1)
    expect(await mails(email)).toHaveLength(3)
  })

  it('refuses an eleventh request from one network within the hour', async () => {
    const remoteAddress = '203.0.113.77'
    for (let i = 0; i < 10; i++) expect((await submit([['email', newEmail()]], { remoteAddress })).statusCode).toBe(200)
    const email = newEmail()
    const refused = await submit([['email', email]], { remoteAddress })
    expect(refused.statusCode).toBe(429)
    expect(refused.body).toContain('Too many requests have come from your network.')
    expect(await row(email)).toBeUndefined()
    expect((await submit([['email', email]])).statusCode).toBe(200)
  })

  it('shows the subscription by its link without changing it: private, not indexed, no referrer', async () => {
    const email = newEmail()
    await submit([
      ['email', email],
      ['kinds', 'annual_findings'],
    ])
    const token = await tokenOf(email)
    const before = await row(email)
    const page = await t().app.inject(`/subscriptions/${token}`)
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('private, no-store')
    expect(page.headers['referrer-policy']).toBe('no-referrer')
    expect(page.body).toContain('<meta name="robots" content="noindex"/>')
    expect(page.body).toContain(email)
    expect(page.body).toContain('value="annual_findings" checked')
    expect(page.body).toContain('Confirm my subscription')
    expect(await row(email)).toEqual(before)
  })

  it('confirms by POST with the form token, and not without it', async () => {
    const email = newEmail()
    await submit([['email', email]])
    const token = await tokenOf(email)
    const forged = await t().app.inject({
      method: 'POST',
      url: `/subscriptions/${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'action=confirm',
    })
    expect(forged.statusCode).toBe(403)
    expect((await row(email))!.confirmed_at).toBeNull()
    const res = await manage(token, [['action', 'confirm']])
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/subscriptions/${token}?done=confirmed`)
    expect((await row(email))!.confirmed_at).not.toBeNull()
    const page = await t().app.inject(String(res.headers.location))
    expect(page.body).toContain('Thank you: your subscription is confirmed.')
    expect(page.body).toContain('This subscription is active.')
  })

  it('saves changed preferences, and refuses bad ones without changing anything', async () => {
    const country = await createCountry(db())
    const email = newEmail()
    await submit([['email', email]])
    const token = await tokenOf(email)
    const bad = await manage(token, [
      ['action', 'save'],
      ['countries', 'XXX'],
      ['kinds', 'statement'],
      ['language', 'ar'],
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Choose countries from the list.')
    expect(bad.body).toContain('value="statement" checked')
    expect(await row(email)).toMatchObject({ countries: [], kinds: [], language: 'en' })
    const res = await manage(
      token,
      [
        ['action', 'save'],
        ['countries', country.code],
        ['kinds', 'watchlist_report'],
        ['language', 'ar'],
      ],
      `/ar/subscriptions/${token}`,
    )
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe(`/ar/subscriptions/${token}?done=saved`)
    expect(await row(email)).toMatchObject({ countries: [country.code], kinds: ['watchlist_report'], language: 'ar', confirmed_at: null })
  })

  it('unsubscribing deletes the subscription', async () => {
    const email = newEmail()
    await submit([['email', email]])
    const token = await tokenOf(email)
    const res = await manage(token, [['action', 'unsubscribe']])
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('You have unsubscribed')
    expect(await row(email)).toBeUndefined()
    expect((await t().app.inject(`/subscriptions/${token}`)).statusCode).toBe(404)
  })

  it('unsubscribes in one click (RFC 8058) without cookies or form token, urlencoded or multipart', async () => {
    const [one, two, kept] = [newEmail(), newEmail(), newEmail()]
    for (const email of [one, two, kept]) await submit([['email', email]])
    const wrong = await t().app.inject({
      method: 'POST',
      url: `/subscriptions/${await tokenOf(kept)}/unsubscribe`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=Maybe',
    })
    expect(wrong.statusCode).toBe(400)
    expect(await row(kept)).toBeDefined()
    const urlencoded = await t().app.inject({
      method: 'POST',
      url: `/subscriptions/${await tokenOf(one)}/unsubscribe`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    })
    expect(urlencoded.statusCode).toBe(200)
    expect(await row(one)).toBeUndefined()
    const boundary = 'fictionalboundary'
    const multipart = await t().app.inject({
      method: 'POST',
      url: `/subscriptions/${await tokenOf(two)}/unsubscribe`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    })
    expect(multipart.statusCode).toBe(200)
    expect(await row(two)).toBeUndefined()
    expect(await row(kept)).toBeDefined()
  })

  it('answers 404 to an unknown link, whatever the method', async () => {
    const unknown = 'A'.repeat(43)
    expect((await t().app.inject(`/subscriptions/${unknown}`)).statusCode).toBe(404)
    expect((await manage(unknown, [['action', 'confirm']])).statusCode).toBe(404)
    expect((await manage(unknown, [['action', 'save']])).statusCode).toBe(404)
    const oneClick = await t().app.inject({
      method: 'POST',
      url: `/subscriptions/${unknown}/unsubscribe`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.statusCode).toBe(404)
  })

  it('offers a signed-in person their address, and takes their form with the session token', async () => {
    const journalist = await createUser(db(), { roles: ['journalist'] })
    const who = await signedIn(db(), journalist.id)
    const page = await t().app.inject({ url: '/press/subscribe', headers: { cookie: who.cookie } })
    expect(page.body).toContain(`value="${journalist.email}"`)
    expect(page.body).toContain(`name="_csrf" value="${who.csrf}"`)
    const res = await postForm(t().app, who, '/press/subscribe', [['email', journalist.email]])
    expect(res.statusCode).toBe(200)
    expect(await row(journalist.email)).toBeDefined()
  })
})
