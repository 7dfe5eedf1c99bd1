import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { cookieSet, postForm, signedIn } from '../../../test/helpers/forms.js'

describe.each(backends)('changing an account on %s', (kind) => {
  const t = useTestApp(kind)
  const admin = async () => {
    const user = await createUser(t().database.db, { roles: ['admin'] })
    return { ...user, ...(await signedIn(t().database.db, user.id)) }
  }
  const me = (cookie: string) => t().app.inject({ url: '/api/v1/me', headers: { cookie } })
  const rolesOf = async (id: number) =>
    (await t().database.db.selectFrom('user_roles').select('role').where('user_id', '=', id).orderBy('role').execute()).map((r) => r.role)

  it('changes roles and countries, signs the person out everywhere, and records who did it', async () => {
    const { app, database } = t()
    const boss = await admin()
    const { code } = await createCountry(database.db)
    const person = await createUser(database.db, { roles: ['researcher'] })
    const session = await signedIn(database.db, person.id)
    const form = await app.inject({ url: `/admin/users/${person.id}`, headers: { cookie: boss.cookie } })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(person.email)
    const saved = await postForm(app, boss, `/admin/users/${person.id}`, [
      ['name', 'Fictional Renamed Person'],
      ['roles', 'researcher'],
      ['roles', 'editor'],
      ['countries', code],
    ])
    expect(saved.statusCode).toBe(303)
    expect(saved.headers.location).toBe(`/admin/users/${person.id}?saved=yes`)
    expect(await rolesOf(person.id)).toEqual(['editor', 'researcher'])
    const countries = await database.db.selectFrom('researcher_countries').select('country_code').where('user_id', '=', person.id).execute()
    expect(countries.map((c) => c.country_code)).toEqual([code])
    expect((await me(session.cookie)).statusCode).toBe(401)
    const audit = await database.db.selectFrom('audit_log').select(['actor', 'subject']).where('actor', '=', `user:${boss.id}`).execute()
    expect(new Set(audit.map((a) => a.subject))).toEqual(new Set(['users', 'user_roles', 'researcher_countries']))
    const page = await app.inject({ url: saved.headers.location!, headers: { cookie: boss.cookie } })
    expect(page.body).toContain('The changes are saved.')
    expect(page.body).toContain('Fictional Renamed Person')
  })

  it('a change of name only keeps the person signed in', async () => {
    const { app, database } = t()
    const boss = await admin()
    const person = await createUser(database.db, { roles: ['panelist'] })
    const session = await signedIn(database.db, person.id)
    await postForm(app, boss, `/admin/users/${person.id}`, [
      ['name', 'Fictional Panelist'],
      ['roles', 'panelist'],
    ])
    expect((await me(session.cookie)).json()).toMatchObject({ displayName: 'Fictional Panelist' })
  })

  it('disables an account: no sign-in, no session, API tokens revoked for good', async () => {
    const { app, database } = t()
    const boss = await admin()
    const person = await createUser(database.db, { roles: ['journalist'] })
    const session = await signedIn(database.db, person.id)
    const created = await postForm(app, session, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', 'journalist'],
    ])
    const token = /<code class="secret">(cm_[\w-]{43})<\/code>/.exec(created.body)![1]!
    const bearer = { authorization: `Bearer ${token}` }
    expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(200)
    await postForm(app, boss, `/admin/users/${person.id}`, [
      ['name', 'Fictional Journalist'],
      ['roles', 'journalist'],
      ['disabled', 'yes'],
    ])
    expect((await me(session.cookie)).statusCode).toBe(401)
    expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(401)
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: person.email, password: person.password, totp: '' },
    })
    expect(signIn.statusCode).toBe(401)
    expect((await app.inject({ url: '/admin/users', headers: { cookie: boss.cookie } })).body).toContain('Disabled')

    await postForm(app, boss, `/admin/users/${person.id}`, [
      ['name', 'Fictional Journalist'],
      ['roles', 'journalist'],
    ])
    const again = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: person.email, password: person.password, totp: '' },
    })
    expect(again.statusCode).toBe(200)
    expect((await app.inject({ url: '/api/v1/me', headers: bearer })).statusCode).toBe(401)
  })

  it('refuses what would lock someone out or skip two-factor, and changes nothing', async () => {
    const { app, database } = t()
    const boss = await admin()
    const self = await postForm(app, boss, `/admin/users/${boss.id}`, [
      ['name', 'Fictional Admin'],
      ['roles', 'editor'],
    ])
    expect(self.statusCode).toBe(422)
    expect(self.body).toContain('You cannot remove your own administrator role')
    expect(await rolesOf(boss.id)).toEqual(['admin'])
    const disableSelf = await postForm(app, boss, `/admin/users/${boss.id}`, [
      ['name', 'Fictional Admin'],
      ['roles', 'admin'],
      ['disabled', 'yes'],
    ])
    expect(disableSelf.statusCode).toBe(422)

    const journalist = await createUser(database.db, { roles: ['journalist'] })
    const promote = await postForm(app, boss, `/admin/users/${journalist.id}`, [
      ['name', 'Fictional Journalist'],
      ['roles', 'journalist'],
      ['roles', 'editor'],
    ])
    expect(promote.statusCode).toBe(422)
    expect(promote.body).toContain('These roles need two-factor authentication')
    expect(promote.body).toContain('<input type="checkbox" name="roles" value="editor" checked/>')
    expect(await rolesOf(journalist.id)).toEqual(['journalist'])

    const bad = await postForm(app, boss, `/admin/users/${journalist.id}`, [
      ['name', ''],
      ['roles', 'journalist'],
      ['roles', 'overlord'],
      ['countries', 'QQQ'],
      ['organisation', '999999'],
    ])
    expect(bad.statusCode).toBe(422)
    for (const message of ['Enter the person', 'Choose at least one role.', 'not monitored', 'Choose an organisation from the list.'])
      expect(bad.body).toContain(message)
    expect(await rolesOf(journalist.id)).toEqual(['journalist'])
  })

  it('a change to one’s own roles keeps the administrator working in a new session', async () => {
    const { app } = t()
    const boss = await admin()
    const saved = await postForm(app, boss, `/admin/users/${boss.id}`, [
      ['name', 'Fictional Admin'],
      ['roles', 'admin'],
      ['roles', 'editor'],
    ])
    expect(saved.statusCode).toBe(303)
    expect((await me(boss.cookie)).statusCode).toBe(401)
    expect((await me(cookieSet(saved))).json()).toMatchObject({ roles: ['admin', 'editor'] })
    expect(await rolesOf(boss.id)).toEqual(['admin', 'editor'])
  })

  it('answers 404 for an unknown account and 403 to non-administrators', async () => {
    const { app, database } = t()
    const boss = await admin()
    expect((await app.inject({ url: '/admin/users/987654', headers: { cookie: boss.cookie } })).statusCode).toBe(404)
    const editor = await createUser(database.db, { roles: ['editor'] })
    const session = await signedIn(database.db, editor.id)
    const tried = await postForm(app, session, `/admin/users/${editor.id}`, [
      ['name', 'x'],
      ['roles', 'admin'],
    ])
    expect(tried.statusCode).toBe(403)
    expect(await rolesOf(editor.id)).toEqual(['editor'])
  })

  it('switches an organisation between credited and anonymous', async () => {
    const { app, database } = t()
    const boss = await admin()
    const org = await database.db
      .insertInto('organisations')
      .values({ name: 'Fictional Partner', slug: `fictional-partner-${kind}`, credited: true })
      .returning('id')
      .executeTakeFirstOrThrow()
    const res = await postForm(app, boss, `/admin/organisations/${org.id}`, [['credited', 'no']])
    expect(res.statusCode).toBe(303)
    const stored = await database.db.selectFrom('organisations').select('credited').where('id', '=', org.id).executeTakeFirstOrThrow()
    expect(stored.credited).toBe(false)
    expect((await postForm(app, boss, `/admin/organisations/${org.id}`, [['credited', 'maybe']])).statusCode).toBe(400)
    expect((await postForm(app, boss, '/admin/organisations/987654', [['credited', 'yes']])).statusCode).toBe(404)
  })
})
