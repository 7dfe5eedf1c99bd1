import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { createSession } from './sessions.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe.each(backends)('account settings on %s', (kind) => {
  const t = useTestApp(kind)
  const signedIn = async (userId: number) => {
    const { token, session } = await createSession(t().database.db, userId, {
      now: new Date(),
      ip: '192.0.2.10',
      userAgent: 'Fictional Browser 1.0',
    })
    return { cookie: `cm_session=${token}`, csrf: session.csrfToken, hash: session.idHash }
  }
  const post = (who: { cookie: string; csrf: string }, url: string, fields: [string, string][] = []) =>
    t().app.inject({
      method: 'POST',
      url,
      headers: { ...FORM, cookie: who.cookie },
      payload: new URLSearchParams([...fields, ['_csrf', who.csrf]]).toString(),
    })

  it('shows a refused token form again with the name typed and the roles chosen', async () => {
    const user = await createUser(t().database.db, { roles: ['editor', 'researcher'] })
    const me = await signedIn(user.id)
    const noRole = await post(me, '/account/tokens', [['name', 'fictional <script>']])
    expect(noRole.statusCode).toBe(422)
    expect(noRole.body).toMatch(/<input name="name" type="text" maxLength="100" required value="fictional &lt;script>" id="tokenName"/i)
    const noName = await post(me, '/account/tokens', [
      ['name', ' '],
      ['roles', 'researcher'],
    ])
    expect(noName.statusCode).toBe(422)
    expect(noName.body).toContain('<input type="checkbox" name="roles" value="researcher" checked/>')
    expect(noName.body).toContain('<input type="checkbox" name="roles" value="editor"/>')
  })

  it('creates an API token shown once, limited to roles the user holds, and revokes it', async () => {
    const user = await createUser(t().database.db, { roles: ['editor', 'researcher'] })
    const me = await signedIn(user.id)
    const refused = await post(me, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', 'admin'],
    ])
    expect(refused.statusCode).toBe(422)
    expect(refused.body).toContain('Choose at least one of your roles.')
    const created = await post(me, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', 'editor'],
    ])
    expect(created.statusCode).toBe(200)
    const token = /<code class="secret">(cm_[\w-]{43})<\/code>/.exec(created.body)?.[1]
    expect(token).toBeDefined()
    const stored = await t().database.db.selectFrom('api_tokens').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow()
    expect(stored.token_hash).not.toContain(token!)
    expect(
      (await t().app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).json<{ roles: string[] }>().roles,
    ).toEqual(['editor'])
    await t().app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })
    // Using a token is not a change anyone made: it is noted on the token, not in the audit log.
    const uses = await t()
      .database.db.selectFrom('audit_log')
      .select('action')
      .where('subject', '=', 'api_tokens')
      .where('subject_key', '=', String(stored.id))
      .execute()
    expect(uses.map((u) => u.action)).toEqual(['insert'])
    const used = await t().database.db.selectFrom('api_tokens').select('last_used_at').where('id', '=', stored.id).executeTakeFirstOrThrow()
    expect(used.last_used_at).not.toBeNull()
    const page = await t().app.inject({ url: '/account', headers: { cookie: me.cookie } })
    expect(page.body).not.toContain(token!)
    expect(page.body).toContain('fictional script')
    await post(me, `/account/tokens/${stored.id}/revoke`)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(401)
  })

  it('lists sessions and ends another one, never by someone else', async () => {
    const user = await createUser(t().database.db, { roles: ['journalist'] })
    const here = await signedIn(user.id)
    const elsewhere = await signedIn(user.id)
    const stranger = await signedIn((await createUser(t().database.db, { roles: ['journalist'] })).id)
    const page = await t().app.inject({ url: '/account', headers: { cookie: here.cookie } })
    expect(page.body).toContain('Fictional Browser 1.0')
    expect(page.body).toContain('192.0.2.10')
    await post(stranger, `/account/sessions/${elsewhere.hash.slice(0, 16)}/end`)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(200)
    await post(here, `/account/sessions/${elsewhere.hash.slice(0, 16)}/end`)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401)
    expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: here.cookie } })).statusCode).toBe(200)
  })

  it('changes the password only with the current one, and signs out everywhere else', async () => {
    const user = await createUser(t().database.db, { roles: ['journalist'] })
    const here = await signedIn(user.id)
    const elsewhere = await signedIn(user.id)
    const wrong = await post(here, '/account/password', [
      ['current', 'not my password at all'],
      ['password', 'a new fictional passphrase'],
      ['confirm', 'a new fictional passphrase'],
    ])
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('The current password is not right.')
    const ok = await post(here, '/account/password', [
      ['current', user.password],
      ['password', 'a new fictional passphrase'],
      ['confirm', 'a new fictional passphrase'],
    ])
    expect(ok.statusCode).toBe(303)
    expect(ok.headers.location).toBe('/account?changed=password')
    const fresh = String(ok.headers['set-cookie']).split(';')[0]!
    expect(fresh).not.toBe(here.cookie)
    for (const old of [here.cookie, elsewhere.cookie])
      expect((await t().app.inject({ url: '/api/v1/me', headers: { cookie: old } })).statusCode).toBe(401)
    const page = await t().app.inject({ url: ok.headers.location, headers: { cookie: fresh } })
    expect(page.body).toContain('Your password has been changed')
  })

  it('replaces recovery codes after a current authenticator code, showing the new ones once', async () => {
    const user = await createUser(t().database.db, { roles: ['researcher'] })
    const me = await signedIn(user.id)
    const before = await t().app.inject({ url: '/account', headers: { cookie: me.cookie } })
    expect(before.body).toContain('Recovery codes left: 0')
    const wrong = await post(me, '/account/recovery-codes', [['code', '000000']])
    expect(wrong.statusCode).toBe(422)
    expect(wrong.body).toContain('The code is not right.')
    const code = await generate({ secret: user.totpSecret! })
    const made = await post(me, '/account/recovery-codes', [['code', code]])
    expect(made.statusCode).toBe(200)
    expect([...made.body.matchAll(/<li><code>([a-z2-9-]{14})<\/code><\/li>/g)]).toHaveLength(10)
    expect((await post(me, '/account/recovery-codes', [['code', code]])).statusCode).toBe(422) // the same code, replayed
    expect((await t().app.inject({ url: '/account', headers: { cookie: me.cookie } })).body).toContain('Recovery codes left: 10')
    const journalist = await createUser(t().database.db, { roles: ['journalist'] })
    expect((await t().app.inject({ url: '/account', headers: { cookie: (await signedIn(journalist.id)).cookie } })).body).not.toContain(
      'Recovery codes left',
    )
  })
})
