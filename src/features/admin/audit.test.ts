import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser } from '../../../test/helpers/factories.js'
import { withActor } from '../../db/audit.js'
import { createSession } from '../accounts/sessions.js'

describe.each(backends)('GET /admin/audit on %s', (kind) => {
  const t = useTestApp(kind)
  const as = async (roles: ('admin' | 'editor')[]) => {
    const user = await createUser(t().database.db, { roles })
    const { token } = await createSession(t().database.db, user.id, { now: new Date(), ip: null, userAgent: null })
    return { cookie: `cm_session=${token}` }
  }

  it('shows administrators who changed what, from where, before and after, with filters', async () => {
    const db = t().database.db
    const { code } = await withActor(db, { name: 'test:fictional-editor', ip: '192.0.2.44' }, (trx) => createCountry(trx))
    await withActor(db, { name: 'test:fictional-editor', ip: '192.0.2.44' }, (trx) =>
      trx.updateTable('countries').set({ population: 4321 }).where('code', '=', code).execute(),
    )
    const headers = await as(['admin'])
    const page = await t().app.inject({ url: '/admin/audit?subject=countries&actor=test%3Afictional-editor', headers })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toBe('no-store')
    expect(page.body).toContain('192.0.2.44')
    expect(page.body).toContain('<code>population</code>: 1000 → 4321')
    expect(page.body).not.toContain('<td>seed</td>') // the filter holds: no seed entries
    const ru = await t().app.inject({ url: '/ru/admin/audit', headers })
    expect(ru.body).toContain('Журнал аудита')
  })

  it('pages through older entries', async () => {
    const headers = await as(['admin'])
    const first = await t().app.inject({ url: '/admin/audit?subject=ratings', headers })
    const older = /href="(\/admin\/audit\?[^"]*before=\d+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&')
    expect(older).toBeDefined()
    const second = await t().app.inject({ url: older!, headers })
    expect(second.statusCode).toBe(200)
    expect(second.body).toContain('<td>ratings <code>')
  })

  it('is for administrators only, and refuses a malformed filter', async () => {
    expect((await t().app.inject({ url: '/admin/audit', headers: await as(['editor']) })).statusCode).toBe(403)
    expect((await t().app.inject('/admin/audit')).statusCode).toBe(303)
    expect((await t().app.inject({ url: '/admin/audit?from=yesterday', headers: await as(['admin']) })).statusCode).toBe(400)
  })
})
