import { randomBytes } from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createCountry, createUser, rateCountry } from '../../../test/helpers/factories.js'
import { signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { makePublication } from '../../../test/helpers/publications.js'
import { makeApprovedDecision } from '../../../test/helpers/ratings.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { LOCALES, localePrefix } from '../../lib/i18n.js'
import { takeDecisionStep } from '../decisions/decisions.service.js'
import { loadUser } from '../accounts/users.queries.js'
import type { CurrentUser } from '../../lib/policies.js'
import { publishAllDue } from '../publishing/publish-due.js'

/**
 * The embargo leak test. An embargoed publication carrying a unique marker word, a scheduled
 * update and a scheduled rating decision (linked to it) must appear nowhere public before the
 * embargo: every public GET route of the route table (not a hand-made list), with every path
 * parameter filled with every value that could reveal them, with and without a search for the
 * marker, as anonymous and as a signed-in user who is not an accredited journalist. Then the
 * injectable clock moves past the embargo, the publishing job runs, and they appear where they
 * should.
 */
const marker = `zqx${randomBytes(5).toString('hex')}`
// A second secret next to the marker in every text: pages may echo what a reader typed (a slug in
// the URL, a search for the marker), so a leak is a secret the request did not contain.
const hidden = `qzv${randomBytes(5).toString('hex')}`
const words = `${marker} ${hidden}`
const slugEn = `fictional-leakland-${randomBytes(4).toString('hex')}-en`
const slugRu = `fictional-leakland-${randomBytes(4).toString('hex')}-ru`
const embargo = new Date('2030-06-19T18:01:00Z')
let now = new Date('2030-06-19T12:00:00Z')
const clock = () => now

describe.each(backends)('the embargo on %s', (kind) => {
  const t = useTestApp(kind, { clock })
  let researcher: SignedIn
  let journalist: SignedIn
  const ids = { publication: 0, decision: 0, update: 0, attachment: 0 }
  const fileName = `fictional-${randomBytes(4).toString('hex')}.pdf`

  beforeAll(async () => {
    now = new Date('2030-06-19T12:00:00Z')
    const db = t().database.db
    await createCountry(db, { code: 'XLK', name: 'Fictional Leakland' })
    await rateCountry(db, 'XLK', 'obstructed', '2029-01-01', 50)
    const editorId = (await createUser(db, { roles: ['editor'] })).id
    researcher = await signedIn(db, (await createUser(db, { roles: ['researcher'] })).id, now)
    journalist = await signedIn(db, (await createUser(db, { roles: ['journalist'] })).id, now)
    const editor = (await loadUser(db, editorId)) as CurrentUser

    ids.update = await makeUpdate(
      db,
      { countryCode: 'XLK', title: `Fictional update ${words}`, summary: `Summary ${words}`, body: `Body ${words}` },
      { now, status: 'scheduled', publishAt: embargo },
    )
    ids.decision = await makeApprovedDecision(db, { countryCode: 'XLK', createdBy: editorId, toCategory: 'closed', toScore: 7 })
    await db
      .updateTable('rating_decisions')
      .set({ rationale: JSON.stringify({ en: `Rationale ${words}` }) })
      .where('id', '=', ids.decision)
      .execute()
    await takeDecisionStep(db, { user: editor, ip: null, now }, ids.decision, 'schedule', embargo)
    const publication = await makePublication(db, {
      createdBy: editorId,
      status: 'scheduled',
      embargoUntil: embargo,
      embargoZone: 'Asia/Almaty',
      countries: ['XLK'],
      decisionIds: [ids.decision],
      updateIds: [ids.update],
      texts: [
        {
          language: 'en',
          slug: slugEn,
          title: `Fictional Leakland closed ${words}`,
          summary: `Summary ${words}`,
          body: `Body ${words}`,
          quotes: [{ text: `Quote ${words}`, attribution: 'A fictional director' }],
        },
        { language: 'ru', slug: slugRu, title: `Вымышленная страна ${words}` },
      ],
    })
    ids.publication = publication.id
    const pdf = Buffer.from(`%PDF-1.4\n% ${words}\n%%EOF\n`)
    ids.attachment = (
      await db
        .insertInto('publication_attachments')
        .values({
          publication_id: ids.publication,
          file_name: fileName,
          media_type: 'application/pdf',
          byte_size: pdf.length,
          sha256: 'x'.repeat(64),
          content: pdf,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id
  })

  /** Every value a path parameter could take to reveal the embargoed items. */
  const samples = (): Record<string, string[]> => ({
    code: ['XLK', 'xlk'],
    slug: [slugEn, slugRu, 'fictional-leakland'],
    id: [ids.publication, ids.decision, ids.update, ids.attachment].map(String),
    attachmentId: [String(ids.attachment)],
    name: [fileName],
    year: ['2030'],
    label: ['v1'],
    file: ['app.css'],
    token: ['not-a-token'],
    handle: ['aaaaaaaaaaaaaaaa'],
  })

  /** Every public GET URL: the route table with each parameter filled in every way, each also searched for the marker. */
  const publicUrls = () => {
    const table = t().app.routeTable.filter((r) => r.method === 'GET' && r.policy === 'public')
    expect(table.length).toBeGreaterThan(40)
    const urls = new Set<string>()
    const missing: string[] = []
    for (const route of table) {
      let expanded = [route.url]
      for (const [, name] of route.url.matchAll(/:(\w+)/g)) {
        const values = samples()[name!]
        if (!values) missing.push(`${route.url} (:${name})`)
        expanded = expanded.flatMap((url) => (values ?? ['x']).map((v) => url.replace(`:${name}`, encodeURIComponent(v))))
      }
      for (const url of expanded) {
        urls.add(url)
        urls.add(`${url}?q=${marker}`)
      }
    }
    // A new kind of parameter needs sample values here, or the test cannot cover its route.
    expect(missing).toEqual([])
    return [...urls]
  }

  const leaksIn = (body: string, url: string) =>
    [marker, hidden, slugEn, slugRu, fileName].filter((secret) => body.includes(secret) && !decodeURIComponent(url).includes(secret))

  it('shows nothing of it anywhere public before the embargo, to anonymous or non-accredited readers', async () => {
    const { app } = t()
    const urls = publicUrls()
    const leaks: string[] = []
    for (const url of urls)
      for (const who of [null, researcher]) {
        const res = await app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
        const found = leaksIn(res.body, url)
        if (found.length > 0) leaks.push(`${who ? 'researcher' : 'anonymous'} ${url} (${res.statusCode}): ${found.join(', ')}`)
      }
    expect(leaks).toEqual([])
    // The new rating is nowhere either: the country's rating is still the old one.
    const country = await app.inject({ url: '/api/v1/countries/XLK' })
    expect(country.json()).toMatchObject({ rating: { category: 'obstructed' } })
    const ratings = await app.inject({ url: '/api/v1/ratings' })
    expect(JSON.stringify(ratings.json())).not.toMatch(/"XLK"[^}]*"closed"/)
    expect((await app.inject({ url: `/api/v1/decisions/${ids.decision}` })).statusCode).toBe(404)
  })

  it('shows it, marked as embargoed, to an accredited journalist in the press room only', async () => {
    const { app } = t()
    const room = await app.inject({ url: `/press-room/${slugEn}`, headers: { cookie: journalist.cookie } })
    expect(room.statusCode).toBe(200)
    expect(room.body).toContain(marker)
    expect(room.body).toContain('EMBARGOED UNTIL')
    expect(room.headers['cache-control']).toContain('no-store')
    const researcherTry = await app.inject({ url: `/press-room/${slugEn}`, headers: { cookie: researcher.cookie } })
    expect(researcherTry.statusCode).toBe(403)
    expect(leaksIn(researcherTry.body, `/press-room/${slugEn}`)).toEqual([])
  })

  it('publishes all of it together when the clock passes the embargo, everywhere it belongs', async () => {
    const { app, database } = t()
    now = new Date(embargo.getTime() + 60_000)
    const done = await publishAllDue(database.db, now, 'http://civic-monitor.test')
    expect(done).toMatchObject({ publications: [ids.publication], decisions: [ids.decision], updates: [ids.update] })
    const expectations: [string, string][] = [
      ['/press', marker],
      [`/press/${slugEn}`, marker],
      [`/ru/press/${slugRu}`, marker],
      [`/press/${slugEn}`, `hreflang="ru"`],
      ['/press/feed.xml', marker],
      ['/api/v1/publications', slugEn],
      [`/api/v1/publications/${slugEn}`, marker],
      ['/sitemap.xml', slugEn],
      [`/updates?q=${marker}`, hidden],
      [`/updates/${ids.update}`, marker],
      [`/decisions/${ids.decision}`, marker],
      [`/decisions/${ids.decision}`, slugEn],
      ['/countries/fictional-leakland', slugEn],
      [`/api/v1/decisions/${ids.decision}`, marker],
      [`/press/files/${ids.attachment}/${fileName}`, marker],
    ]
    for (const locale of LOCALES) expectations.push([`${localePrefix(locale)}/press`, marker])
    const missing: string[] = []
    for (const who of [null, researcher])
      for (const [url, text] of expectations) {
        const res = await app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
        if (res.statusCode !== 200 || !res.body.includes(text))
          missing.push(`${who ? 'researcher' : 'anonymous'} ${url} (${res.statusCode})`)
      }
    expect(missing).toEqual([])
    const country = await app.inject({ url: '/api/v1/countries/XLK' })
    expect(country.json()).toMatchObject({ rating: { category: 'closed' } })
    // Exactly once: a second run finds nothing left.
    expect(await publishAllDue(database.db, now, 'http://civic-monitor.test')).toMatchObject({
      publications: [],
      decisions: [],
      updates: [],
    })
  })
})
