import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../test/helpers/app.js'
import { createCountry, createUser, rateCountry } from '../test/helpers/factories.js'
import { signedIn, postForm, FORM, type SignedIn } from '../test/helpers/forms.js'
import { makePublication } from '../test/helpers/publications.js'
import { makeApprovedDecision } from '../test/helpers/ratings.js'
import { hiddenSlug, hiddenTitle, setUpPublications, type Fixture, NOW } from '../test/helpers/press-fixture.js'
import { loadUser } from './features/accounts/users.queries.js'
import type { CurrentUser } from './lib/policies.js'
import { savePublication, takePublicationStep } from './features/publications/publications.service.js'
import { takeDecisionStep } from './features/decisions/decisions.service.js'
import { publishAllDue } from './features/publications/publish.js'
import { loadPublication } from './features/publications/publications.queries.js'
import { createHash } from 'node:crypto'

let now = NOW
const clock = () => now

describe('review scratch', () => {
  const t = useTestApp('pglite', { clock })
  let f: Fixture
  let editor: CurrentUser
  let editorS: SignedIn
  let scheduledAttachment = 0
  beforeAll(async () => {
    const db = t().database.db
    f = await setUpPublications(db)
    const content = Buffer.from('%PDF-1.4 secret')
    const a = await db
      .insertInto('publication_attachments')
      .values({
        publication_id: f.hidden.scheduled.id,
        file_name: 'secret-embargoed-plan.pdf',
        media_type: 'application/pdf',
        byte_size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        content,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    scheduledAttachment = Number(a.id)
    const u = await createUser(db, { roles: ['editor'] })
    editor = (await loadUser(db, u.id)) as CurrentUser
    editorS = await signedIn(db, u.id, NOW)
  })

  it('HEAD on protected routes', async () => {
    for (const url of [
      '/press-room',
      `/press-room/${hiddenSlug('scheduled')}`,
      `/press-room/${hiddenSlug('scheduled')}.md`,
      `/press-room/files/${scheduledAttachment}/secret-embargoed-plan.pdf`,
      '/api/v1/press-room/publications',
      '/workspace/publications',
    ]) {
      const res = await t().app.inject({ method: 'HEAD', url })
      console.log('HEAD anon', url, res.statusCode, JSON.stringify(res.headers))
      const r2 = await t().app.inject({ method: 'HEAD', url, headers: { cookie: f.who.researcher.cookie } })
      console.log('HEAD researcher', url, r2.statusCode)
    }
  })

  it('bad inputs', async () => {
    const app = t().app
    const tries: [string, string, unknown?, Record<string, string>?][] = [
      ['GET', '/api/v1/publications?before=999999999999999-999999999999999'],
      ['GET', '/api/v1/publications?limit=000'],
      ['GET', '/api/v1/publications?country=zzz'],
      ['GET', '/press?page=999'],
      ['GET', '/subscriptions/%00'],
      ['GET', '/subscriptions/abc%00def'],
      ['POST', '/subscriptions/abc%00/unsubscribe', 'List-Unsubscribe=One-Click', FORM],
      ['POST', '/subscriptions/abc/unsubscribe', 'List-Unsubscribe=One-Click', FORM],
      ['POST', '/subscriptions/abc/unsubscribe', '{"List-Unsubscribe":"One-Click"}', { 'content-type': 'application/json' }],
      ['POST', '/subscriptions/abc/unsubscribe', 'x', { 'content-type': 'text/plain' }],
      ['POST', '/subscriptions/abc/unsubscribe', undefined, {}],
      ['POST', '/api/v1/accreditations', { name: 'a\u0000b', outlet: 'x', email: 'a@example.org', reason: 'r' }],
      ['POST', '/api/v1/accreditations', { name: 'a', outlet: 'x', email: 'a\u0000@example.org', reason: 'r' }],
      ['GET', '/press/files/1/%00'],
      ['GET', '/press/files/99999999999999/x.pdf'],
      ['GET', '/press-room/files/1/x.pdf'],
    ]
    for (const [method, url, payload, headers] of tries) {
      const res = await app.inject({ method: method as 'GET', url, payload: payload as string, headers })
      console.log(method, url, res.statusCode, res.body.slice(0, 160).replace(/\s+/g, ' '))
    }
    // write API as editor (session + csrf)
    const w = (method: string, url: string, payload: unknown) =>
      app.inject({ method: method as 'POST', url, payload: payload as object, headers: { cookie: editorS.cookie, 'x-csrf-token': editorS.csrf } })
    const base = { kind: 'press_release', texts: [{ language: 'en', title: 'Fictional t', slug: 'fictional-zz-one' }] }
    for (const [m, u, p] of [
      ['POST', '/api/v1/publications', { ...base, texts: [{ language: 'en', title: 'a\u0000b', slug: 'fictional-nul' }] }],
      ['POST', '/api/v1/publications', { ...base, texts: [{ language: 'en', title: 'x', body: 'a\u0000b', slug: 'fictional-nul2' }] }],
      ['POST', '/api/v1/publications', { ...base, decisions: [1e20] }],
      ['POST', '/api/v1/publications', { ...base, watchlistEdition: 1e20 }],
      ['POST', '/api/v1/publications', { ...base, countries: ['zz'] }],
      ['POST', '/api/v1/publications', base],
      ['POST', '/api/v1/publications/fictional-zz-one/workflow', { action: 'schedule', embargoUntil: '2030-06-30T23:59:60Z' }],
      ['POST', '/api/v1/publications/fictional-zz-one/workflow', { action: 'schedule', embargoUntil: '2031-01-01T00:00:00Z', zone: 'Nowhere/X' }],
      ['POST', '/api/v1/publications/fictional-zz-one/workflow', { action: 'submit' }],
      ['POST', '/api/v1/publications/fictional-zz-one/workflow', { action: 'schedule', embargoUntil: '9999-12-31T23:59:59+14:00' }],
      ['POST', '/api/v1/publications/fictional-zz-one/workflow', { action: 'schedule' }],
      ['POST', '/api/v1/publications/0/workflow', { action: 'schedule' }],
      ['POST', '/api/v1/publications/9999999999999999999/workflow', { action: 'schedule' }],
    ] as [string, string, unknown][]) {
      const res = await w(m, u, p)
      console.log('W', m, u, JSON.stringify(p).slice(0, 80), res.statusCode, res.body.slice(0, 200))
    }
    // editor form: workflow with weird zone
    for (const fields of [
      [['action', 'schedule'], ['embargo_until', '2031-01-01T00:00'], ['zone', 'Nowhere/X']],
      [['action', 'schedule'], ['embargo_until', '2031-01-01T00:00']],
      [['action', 'bogus']],
    ] as [string, string][][]) {
      const pub = await loadPublication(t().database.db, f.hidden.review.id)
      const res = await postForm(app, editorS, `/workspace/publications/${pub!.id}/workflow`, fields)
      console.log('F', JSON.stringify(fields), res.statusCode)
    }
    const nul = await postForm(app, editorS, `/workspace/publications`, [
      ['kind', 'press_release'],
      ['title_en', 'x\u0000y'],
      ['slug_en', 'fictional-nul-form'],
    ])
    console.log('F NUL', nul.statusCode)
  })

  it('race: decision removed from scheduled publication stays scheduled; unschedule leaves it', async () => {
    const db = t().database.db
    await createCountry(db, { code: 'XRA', name: 'Fictional Raceland' })
    await rateCountry(db, 'XRA', 'obstructed', '2029-01-01', 50)
    const decision = await makeApprovedDecision(db, { countryCode: 'XRA', createdBy: editor.id, toCategory: 'closed', toScore: 5 })
    const pub = await makePublication(db, {
      createdBy: editor.id,
      status: 'review',
      texts: [{ language: 'en', slug: 'fictional-race-one', title: 'Fictional race one' }],
      decisionIds: [decision],
    })
    const c = { user: editor, ip: null, now }
    const T = new Date('2030-07-01T00:00:00Z')
    await takePublicationStep(db, c, pub.id, 'schedule', { until: T, zone: 'UTC' })
    const rec = await loadPublication(db, pub.id)
    console.log('after schedule', rec!.decisions)
    await savePublication(db, c, pub.id, { ...rec!.draft, decisionIds: [] })
    await takePublicationStep(db, c, pub.id, 'unschedule')
    const d = await db.selectFrom('rating_decisions').select(['status', 'embargo_until']).where('id', '=', decision).executeTakeFirst()
    console.log('decision after removing link + unschedule', d)
    now = new Date('2030-07-01T00:00:01Z')
    const done = await publishAllDue(db, now, 'http://civic-monitor.test')
    console.log('published', done)
    now = NOW
  })

  it('race: decision linked to two publications with different embargoes', async () => {
    const db = t().database.db
    await createCountry(db, { code: 'XRB', name: 'Fictional Raceland B' })
    await rateCountry(db, 'XRB', 'obstructed', '2029-01-01', 50)
    const decision = await makeApprovedDecision(db, { countryCode: 'XRB', createdBy: editor.id, toCategory: 'closed', toScore: 5 })
    const mk = (slug: string) =>
      makePublication(db, { createdBy: editor.id, status: 'review', texts: [{ language: 'en', slug, title: slug }], decisionIds: [decision] })
    const a = await mk('fictional-race-a')
    const b = await mk('fictional-race-b')
    const c = { user: editor, ip: null, now }
    await takePublicationStep(db, c, a.id, 'schedule', { until: new Date('2030-08-01T00:00:00Z'), zone: 'UTC' })
    await takePublicationStep(db, c, b.id, 'schedule', { until: new Date('2030-09-01T00:00:00Z'), zone: 'UTC' })
    const d = await db.selectFrom('rating_decisions').select(['status', 'embargo_until']).where('id', '=', decision).executeTakeFirst()
    console.log('decision after two schedules', d)
    now = new Date('2030-08-01T00:00:01Z')
    console.log('published at A', await publishAllDue(db, now, 'http://civic-monitor.test'))
    now = NOW
  })

  it('race: decision unscheduled and rescheduled earlier in the decision workflow', async () => {
    const db = t().database.db
    await createCountry(db, { code: 'XRC', name: 'Fictional Raceland C' })
    await rateCountry(db, 'XRC', 'obstructed', '2029-01-01', 50)
    const decision = await makeApprovedDecision(db, { countryCode: 'XRC', createdBy: editor.id, toCategory: 'closed', toScore: 5 })
    const a = await makePublication(db, {
      createdBy: editor.id,
      status: 'review',
      texts: [{ language: 'en', slug: 'fictional-race-c', title: 'c' }],
      decisionIds: [decision],
    })
    const c = { user: editor, ip: null, now }
    await takePublicationStep(db, c, a.id, 'schedule', { until: new Date('2030-10-01T00:00:00Z'), zone: 'UTC' })
    await takeDecisionStep(db, c, decision, 'unschedule')
    await takeDecisionStep(db, c, decision, 'schedule', new Date('2030-06-02T00:00:00Z'))
    now = new Date('2030-06-02T00:00:01Z')
    console.log('published early', await publishAllDue(db, now, 'http://civic-monitor.test'))
    now = NOW
  })

  it('accreditation for a staff address', async () => {
    const db = t().database.db
    const admin = await createUser(db, { roles: ['admin'] })
    const email = (await db.selectFrom('users').select('email').where('id', '=', admin.id).executeTakeFirstOrThrow()).email
    const adminS = await signedIn(db, admin.id, NOW)
    const req = await t().app.inject({
      method: 'POST',
      url: '/api/v1/accreditations',
      payload: { name: 'Fictional Reporter\n\nYour account is locked: visit https://evil.example', outlet: 'x', email, reason: 'r' },
    })
    console.log('request', req.statusCode)
    const list = await t().app.inject({ url: '/api/v1/accreditations', headers: { cookie: editorS.cookie } })
    const id = (JSON.parse(list.body).accreditations as { id: number; email: string }[]).find((a) => a.email === email)!.id
    const dec = await t().app.inject({
      method: 'POST',
      url: `/api/v1/accreditations/${id}/decision`,
      payload: { decision: 'approve' },
      headers: { cookie: editorS.cookie, 'x-csrf-token': editorS.csrf },
    })
    console.log('approve', dec.statusCode, dec.body)
    const me = await t().app.inject({ url: '/account', headers: { cookie: adminS.cookie } })
    console.log('admin session after approve', me.statusCode, me.headers.location)
    const roles = await db.selectFrom('user_roles').select('role').where('user_id', '=', admin.id).execute()
    console.log('admin roles', roles)
    const mail = await db.selectFrom('outbox').select(['recipient', 'subject', 'body']).where('recipient', '=', email).execute()
    console.log('mails', JSON.stringify(mail))
  })
})
