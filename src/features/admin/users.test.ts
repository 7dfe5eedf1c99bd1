import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createUser } from '../../../test/helpers/factories.js'
import { createSession } from '../accounts/sessions.js'

const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

describe.each(backends)('inviting people on %s', (kind) => {
  const t = useTestApp(kind)
  const signedIn = async (roles: ('admin' | 'editor')[]) => {
    const user = await createUser(t().database.db, { roles })
    const { token, session } = await createSession(t().database.db, user.id, { now: new Date(), ip: null, userAgent: null })
    return { cookie: `cm_session=${token}`, csrf: session.csrfToken, id: user.id }
  }
  const invite = (who: { cookie: string; csrf: string }, fields: [string, string][]) =>
    t().app.inject({
      method: 'POST',
      url: '/admin/users',
      headers: { ...FORM, cookie: who.cookie },
      payload: new URLSearchParams([...fields, ['_csrf', who.csrf]]).toString(),
    })

  it('creates the account with roles and countries, and queues one e-mail with a set-up link, in one step', async () => {
    const admin = await signedIn(['admin'])
    const res = await invite(admin, [
      ['email', 'Fictional.Researcher@example.org'],
      ['name', 'Fictional Researcher'],
      ['roles', 'researcher'],
      ['countries', 'KAZ'],
      ['countries', 'XKX'],
    ])
    expect(res.statusCode).toBe(303)
    expect(res.headers.location).toBe('/admin/users?invited=fictional.researcher%40example.org')
    const db = t().database.db
    const user = await db
      .selectFrom('users')
      .select(['id', 'status', 'password_hash'])
      .where('email', '=', 'fictional.researcher@example.org')
      .executeTakeFirstOrThrow()
    expect(user).toMatchObject({ status: 'invited', password_hash: null })
    expect(
      (
        await db.selectFrom('researcher_countries').select('country_code').where('user_id', '=', user.id).orderBy('country_code').execute()
      ).map((r) => r.country_code),
    ).toEqual(['KAZ', 'XKX'])
    const mail = await db.selectFrom('outbox').selectAll().where('recipient', '=', 'fictional.researcher@example.org').execute()
    expect(mail).toHaveLength(1)
    expect(mail[0]?.body).toMatch(/http:\/\/civic-monitor\.test\/account\/setup\/[\w-]{43}/)
    const audit = await db
      .selectFrom('audit_log')
      .select('actor')
      .where('subject', '=', 'users')
      .where('subject_key', '=', String(user.id))
      .execute()
    expect(audit.map((a) => a.actor)).toEqual([`user:${admin.id}`])
    const page = await t().app.inject({ url: res.headers.location as string, headers: { cookie: admin.cookie } })
    expect(page.body).toContain('Invitation sent to fictional.researcher@example.org')
  })

  it('keeps what was typed and says what to fix; changes nothing', async () => {
    const admin = await signedIn(['admin'])
    const before = await t().database.db.selectFrom('users').select('id').execute()
    const bad = await invite(admin, [
      ['email', 'not-an-address'],
      ['name', ''],
      ['roles', 'overlord'],
      ['countries', 'QQQ'],
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('value="not-an-address"')
    for (const message of [
      'Enter an e-mail address such as name@example.org.',
      "Enter the person's name.",
      'Choose at least one role.',
      'One of the chosen countries is not monitored.',
    ]) {
      expect(bad.body).toContain(message)
    }
    const taken = await createUser(t().database.db, { roles: ['journalist'] })
    const duplicate = await invite(admin, [
      ['email', taken.email.toUpperCase()],
      ['name', 'Fictional Twin'],
      ['roles', 'journalist'],
    ])
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('An account with this e-mail address already exists.')
    expect(duplicate.body).toContain('value="Fictional Twin"')
    expect((await t().database.db.selectFrom('users').select('id').execute()).length).toBe(before.length + 1) // only the factory's user
  })

  it('is for administrators only, and needs the session token', async () => {
    const editor = await signedIn(['editor'])
    expect(
      (
        await invite(editor, [
          ['email', 'x@example.org'],
          ['name', 'X'],
          ['roles', 'journalist'],
        ])
      ).statusCode,
    ).toBe(403)
    const admin = await signedIn(['admin'])
    expect(
      (
        await invite({ ...admin, csrf: 'forged' }, [
          ['email', 'y@example.org'],
          ['name', 'Y'],
          ['roles', 'journalist'],
        ])
      ).statusCode,
    ).toBe(403)
  })

  it('adds partner organisations, credited or anonymous, and puts invited members in them', async () => {
    const admin = await signedIn(['admin'])
    const add = (fields: [string, string][]) =>
      t().app.inject({
        method: 'POST',
        url: '/admin/organisations',
        headers: { ...FORM, cookie: admin.cookie },
        payload: new URLSearchParams([...fields, ['_csrf', admin.csrf]]).toString(),
      })
    expect(
      (
        await add([
          ['name', 'Fictional Rights Watch'],
          ['credited', 'yes'],
        ])
      ).statusCode,
    ).toBe(303)
    expect((await add([['name', 'Fictional Quiet Collective']])).statusCode).toBe(303)
    const twice = await add([['name', 'Fictional Rights Watch']])
    expect(twice.statusCode).toBe(422)
    expect(twice.body).toContain('An organisation with this name already exists.')
    expect((await add([['name', '   ']])).body).toContain("Enter the organisation's name")
    const orgs = await t().database.db.selectFrom('organisations').selectAll().orderBy('name').execute()
    expect(orgs.map((o) => [o.name, o.credited])).toEqual([
      ['Fictional Quiet Collective', false],
      ['Fictional Rights Watch', true],
    ])

    const quiet = orgs[0]!.id
    const res = await invite(admin, [
      ['email', 'fictional.member@example.org'],
      ['name', 'Fictional Member'],
      ['roles', 'researcher'],
      ['organisation', String(quiet)],
    ])
    expect(res.statusCode).toBe(303)
    const member = await t()
      .database.db.selectFrom('users')
      .select('organisation_id')
      .where('email', '=', 'fictional.member@example.org')
      .executeTakeFirstOrThrow()
    expect(member.organisation_id).toBe(quiet)
    const unknown = await invite(admin, [
      ['email', 'fictional.other@example.org'],
      ['name', 'Fictional Other'],
      ['roles', 'researcher'],
      ['organisation', '999999'],
    ])
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('Choose an organisation from the list.')
  })

  it('sends a fresh link to someone who has not set up the account yet; the old link stops working', async () => {
    const admin = await signedIn(['admin'])
    const fields: [string, string][] = [
      ['email', 'fictional.late@example.org'],
      ['name', 'Fictional Late'],
      ['roles', 'journalist'],
    ]
    expect((await invite(admin, fields)).statusCode).toBe(303)
    expect((await invite(admin, fields)).statusCode).toBe(303)
    const mails = await t()
      .database.db.selectFrom('outbox')
      .select('body')
      .where('recipient', '=', 'fictional.late@example.org')
      .orderBy('id')
      .execute()
    expect(mails).toHaveLength(2)
    const [first, second] = mails.map((m) => /\/account\/setup\/[\w-]{43}/.exec(m.body)![0])
    expect(first).not.toBe(second)
    expect((await t().app.inject(first!)).statusCode).toBe(410)
    expect((await t().app.inject(second!)).statusCode).toBe(200)
  })
})
