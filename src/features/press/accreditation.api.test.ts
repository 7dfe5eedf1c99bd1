import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'

const NOW = new Date('2030-03-02T10:00:00Z')
let serial = 0
const newEmail = () => `fictional.api.reporter${++serial}.${Date.now()}@example.org`
const request = (email: string) => ({
  name: 'Fictional Correspondent',
  outlet: 'Fictional Wire Service',
  email,
  reason: 'I report on fictional elections.',
})

describe.each(backends)('accreditation API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  let ip = 0
  const ask = (payload: Record<string, unknown>) =>
    t().app.inject({ method: 'POST', url: '/api/v1/accreditations', payload, remoteAddress: `198.51.100.${++ip}` })
  const requestsOf = (email: string) => db().selectFrom('accreditations').selectAll().where('email', '=', email).execute()

  /** A personal API token of a new user with one role. */
  async function bearer(role: 'editor' | 'journalist') {
    const user = await createUser(db(), { roles: [role] })
    const made = await postForm(t().app, await signedIn(db(), user.id, NOW), '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', role],
    ])
    return { authorization: `Bearer ${/<code class="secret">(cm_[\w-]{43})<\/code>/.exec(made.body)![1]!}` }
  }

  it('takes a request from anyone as JSON, with the same answer for a pending address', async () => {
    const email = newEmail()
    const first = await ask(request(email))
    const second = await ask(request(email))
    expect([first.statusCode, second.statusCode]).toEqual([202, 202])
    expect(second.json()).toEqual({ status: 'received' })
    expect(await requestsOf(email)).toHaveLength(1)
  })

  it('refuses a bad request field by field, and stores nothing', async () => {
    const email = newEmail()
    const res = await ask({ ...request(email), name: '', reason: 'R'.repeat(4001) })
    expect(res.statusCode).toBe(422)
    expect(res.json<{ error: { details: { field: string; message: string }[] } }>().error.details).toEqual([
      { field: 'name', message: 'Enter your name on one line, without web addresses (at most 200 characters).' },
      { field: 'reason', message: 'Tell us why you need access (at most 4,000 characters).' },
    ])
    expect((await ask({ ...request(email), extra: 'field' })).statusCode).toBe(400)
    expect(await requestsOf(email)).toHaveLength(0)
  })

  it('lists requests for editors only', async () => {
    const email = newEmail()
    await ask(request(email))
    expect((await t().app.inject('/api/v1/accreditations')).statusCode).toBe(401)
    expect((await t().app.inject({ url: '/api/v1/accreditations', headers: await bearer('journalist') })).statusCode).toBe(403)
    const res = await t().app.inject({ url: '/api/v1/accreditations?status=pending', headers: await bearer('editor') })
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('no-store')
    const listed = res.json<{ accreditations: { email: string; status: string; createdAt: string }[] }>().accreditations
    expect(listed.find((a) => a.email === email)).toMatchObject({ status: 'pending', outlet: 'Fictional Wire Service', decidedBy: null })
    expect(listed.every((a) => a.status === 'pending')).toBe(true)
  })

  it('decides with an API token or a session and its CSRF token; once only', async () => {
    const [one, two] = [newEmail(), newEmail()]
    await ask(request(one))
    await ask(request(two))
    const [idOne, idTwo] = [(await requestsOf(one))[0]!.id, (await requestsOf(two))[0]!.id]
    const token = await bearer('editor')
    const decide = (id: number, payload: unknown, headers: Record<string, string> = token) =>
      t().app.inject({ method: 'POST', url: `/api/v1/accreditations/${id}/decision`, headers, payload: payload as Record<string, string> })

    expect((await decide(idOne, { decision: 'approve' }, await bearer('journalist'))).statusCode).toBe(403)
    expect((await decide(idOne, { decision: 'perhaps' })).statusCode).toBe(400)
    expect((await decide(999_999_999, { decision: 'approve' })).statusCode).toBe(404)
    const approved = await decide(idOne, { decision: 'approve' })
    expect(approved.statusCode).toBe(200)
    expect(approved.json()).toEqual({ id: idOne, status: 'approved' })
    const again = await decide(idOne, { decision: 'refuse' })
    expect(again.statusCode).toBe(409)
    expect(again.json<{ error: { message: string } }>().error.message).toBe('This request has already been decided: nothing was changed.')
    expect(await requestsOf(one)).toMatchObject([{ status: 'approved' }])

    const editor = await signedIn(db(), (await createUser(db(), { roles: ['editor'] })).id, NOW)
    expect((await decide(idTwo, { decision: 'refuse' }, { cookie: editor.cookie })).statusCode).toBe(403)
    expect((await decide(idTwo, { decision: 'refuse' }, { cookie: editor.cookie, 'x-csrf-token': editor.csrf })).statusCode).toBe(200)
    expect(await requestsOf(two)).toMatchObject([{ status: 'refused' }])

    const revoke = (id: number) => t().app.inject({ method: 'POST', url: `/api/v1/accreditations/${id}/revoke`, headers: token })
    expect((await revoke(idTwo)).statusCode).toBe(409)
    expect((await revoke(idOne)).json()).toEqual({ id: idOne, status: 'revoked' })
  })
})
