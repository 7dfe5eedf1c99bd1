import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser, termId } from '../../../test/helpers/factories.js'
import { postForm, signedIn } from '../../../test/helpers/forms.js'
import { makeUpdate } from '../../../test/helpers/updates.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('updates on public surfaces on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('lists published updates in the feeds, the sitemap and the country page, and nothing unpublished', async () => {
    const { app, database } = t()
    const country = await createCountry(database.db)
    const tag = await termId(database.db, 'topic', 'elections')
    const violation = await termId(database.db, 'violation', 'internet-shutdown')
    const incident = {
      occurredOn: '2029-03-01',
      precision: 'month' as const,
      locality: null,
      latitude: null,
      longitude: null,
      freedom: 'expression' as const,
      typeId: violation,
      victimId: null,
      perpetratorId: null,
      counts: { affected: null, killed: null, injured: null, detained: null, charged: null },
      sensitivity: 'public' as const,
      restrictedNotes: null,
    }
    const published = await makeUpdate(
      database.db,
      {
        countryCode: country.code,
        title: 'Fictional blackout & <lights>',
        tagIds: [tag],
        incidents: [incident, { ...incident, occurredOn: '2030-01-05' }],
      },
      { now: NOW },
    )
    const draft = await makeUpdate(
      database.db,
      { countryCode: country.code, title: 'Fictional unpublished draft' },
      { now: NOW, status: 'draft' },
    )
    const all = await app.inject('/updates/feed.atom')
    expect(all.headers['content-type']).toContain('application/atom+xml')
    expect(all.body).toContain('<title>Fictional blackout &amp; &lt;lights&gt;</title>')
    expect(all.body).toContain('<category term="elections"/>')
    for (const url of [`/updates/feed.atom?country=${country.code}`, '/updates/feed.atom?tag=elections'])
      expect((await app.inject(url)).body).toContain(`/updates/${published}`)
    expect((await app.inject('/updates/feed.atom?tag=censorship')).body).not.toContain(`/updates/${published}<`)
    const sitemap = (await app.inject('/sitemap.xml')).body
    expect(sitemap).toContain(`/updates/${published}</loc>`)
    expect(sitemap).toContain(`/ru/updates/${published}</loc>`)
    const countryPage = await app.inject(`/countries/${country.slug}`)
    expect(countryPage.body).toMatch(/Fictional blackout &amp; &lt;lights(>|&gt;)/)
    expect(countryPage.body).toContain('<svg class="chart"')
    expect(countryPage.body).toMatch(/<th scope="row">Internet shutdown<\/th><td class="number">1<\/td><td class="number">1<\/td>/)
    for (const body of [all.body, sitemap, countryPage.body]) {
      expect(body).not.toContain('Fictional unpublished draft')
      expect(body).not.toContain(`/updates/${draft}<`)
    }
  })

  it('shows a correction with its date and keeps a withdrawn update, marked, with the reason', async () => {
    const { app, database } = t()
    const country = await createCountry(database.db)
    const id = await makeUpdate(database.db, { countryCode: country.code, title: 'Fictional count of ferrets' }, { now: NOW })
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    const edit = `/updates/${id}/edit`
    const form: [string, string][] = [
      ['country', country.code],
      ['language', 'en'],
      ['title', 'Fictional count of ferrets, corrected'],
      ['summary', 'Fictional summary.'],
      ['body', 'Fictional body.'],
      ['freedoms', 'expression'],
      ['revision', '1'],
      ['action', 'save'],
    ]
    const noNote = await postForm(app, editor, edit, form)
    expect(noNote.statusCode).toBe(422)
    expect(noNote.body).toContain('Say what was corrected and why')
    expect((await postForm(app, editor, edit, [...form, ['correction', 'The fictional count was wrong.']])).statusCode).toBe(303)
    let page = await app.inject(`/updates/${id}`)
    expect(page.body).toContain('Fictional count of ferrets, corrected')
    expect(page.body).toContain('The fictional count was wrong.')
    const withdraw = await postForm(app, editor, `/updates/${id}/workflow`, [
      ['action', 'withdraw'],
      ['reason', 'Fictional source retracted.'],
    ])
    expect(withdraw.statusCode).toBe(303)
    page = await app.inject(`/updates/${id}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('This update was withdrawn.')
    expect(page.body).toContain('Fictional source retracted.')
    const history = await app.inject({ url: `/updates/${id}/history?from=1&to=2`, headers: { cookie: editor.cookie } })
    expect(history.body).toContain('<del>Title: Fictional count of ferrets\n</del>')
    expect(history.body).toContain('<ins>Title: Fictional count of ferrets, corrected\n</ins>')
  })

  it('gives each writer a workspace of what they may act on, with counts per status', async () => {
    const { app, database } = t()
    const mine = await createCountry(database.db)
    const theirs = await createCountry(database.db)
    await makeUpdate(database.db, { countryCode: mine.code, title: 'Fictional mine submitted' }, { now: NOW, status: 'submitted' })
    await makeUpdate(database.db, { countryCode: theirs.code, title: 'Fictional theirs submitted' }, { now: NOW, status: 'submitted' })
    const researcher = await signedIn(database.db, (await createResearcher(database.db, [mine.code])).id, NOW)
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    const forResearcher = await app.inject({ url: '/workspace', headers: { cookie: researcher.cookie } })
    expect(forResearcher.body).toContain('Fictional mine submitted')
    expect(forResearcher.body).not.toContain('Fictional theirs submitted')
    const forEditor = await app.inject({ url: `/workspace?status=submitted&country=${theirs.code}`, headers: { cookie: editor.cookie } })
    expect(forEditor.body).toContain('Fictional theirs submitted')
    expect(forEditor.body).not.toContain('Fictional mine submitted')
    expect(forEditor.body).toMatch(/>Submitted<\/a> \(1\)/)
    expect((await app.inject({ url: '/workspace?status=lost', headers: { cookie: editor.cookie } })).statusCode).toBe(400)
  })
})
