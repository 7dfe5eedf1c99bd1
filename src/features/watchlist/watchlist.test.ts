import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createResearcher, createUser, rateCountry } from '../../../test/helpers/factories.js'
import { postForm, signedIn, type SignedIn } from '../../../test/helpers/forms.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('watchlist editions on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const get = (url: string, who?: SignedIn) => t().app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
  const snapshot = async (id: number) => {
    const db = t().database.db
    return {
      edition: await db.selectFrom('watchlist_editions').selectAll().where('id', '=', id).executeTakeFirst(),
      entries: await db.selectFrom('watchlist_entries').selectAll().where('edition_id', '=', id).orderBy('position').execute(),
    }
  }
  const order = async (id: number) => (await snapshot(id)).entries.map((e) => e.country_code)
  const newEdition = async (editor: SignedIn, title: string, date = '2030-05-31') => {
    const res = await postForm(t().app, editor, '/workspace/watchlist/new', [
      ['title', title],
      ['edition_date', date],
      ['introduction', 'Fictional introduction with *emphasis*.'],
    ])
    expect(res.statusCode).toBe(303)
    return Number(/\/workspace\/watchlist\/(\d+)\?saved=created$/.exec(String(res.headers.location))![1])
  }

  it('only editors prepare editions', async () => {
    const { database } = t()
    const { code } = await createCountry(database.db)
    const researcher = await signedIn(database.db, (await createResearcher(database.db, [code])).id, NOW)
    expect((await get('/workspace/watchlist', researcher)).statusCode).toBe(403)
    expect((await postForm(t().app, researcher, '/workspace/watchlist/new', [['title', 'Fictional']])).statusCode).toBe(403)
    expect((await get('/workspace/watchlist')).statusCode).toBe(303)
  })

  it('prepares a draft, refusing bad input with clear messages, and keeps drafts away from the public', async () => {
    const { app, database } = t()
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    const editionsBefore = (await database.db.selectFrom('watchlist_editions').select('id').execute()).length
    const bad = await postForm(app, editor, '/workspace/watchlist/new', [
      ['title', ' '],
      ['edition_date', '2030-02-30'],
      ['introduction', 'Fictional typed introduction'],
    ])
    expect(bad.statusCode).toBe(422)
    expect(bad.body).toContain('Give a title of 1 to 200 characters.')
    expect(bad.body).toContain('Give the edition date as a date (YYYY-MM-DD).')
    expect(bad.body).toContain('Fictional typed introduction</textarea>')
    expect((await database.db.selectFrom('watchlist_editions').select('id').execute()).length).toBe(editionsBefore)

    const id = await newEdition(editor, 'Fictional draft edition')
    const page = await get(`/workspace/watchlist/${id}?saved=created`, editor)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Draft created. Now add the countries.')
    expect(page.body).not.toContain('Suggested by the engine')
    const { code } = await createCountry(database.db)
    await postForm(app, editor, `/workspace/watchlist/${id}/entries`, [
      ['country', code],
      ['rationale', 'Fictional secret rationale'],
    ])

    for (const url of ['/watchlist', '/ru/watchlist', '/api/v1/watchlist', '/sitemap.xml'])
      expect((await get(url)).body, url).not.toContain('Fictional draft edition')
    expect((await get('/watchlist')).body).toContain('No watchlist edition has been published yet.')
    expect((await get(`/watchlist/${id}`)).statusCode).toBe(404)
    expect((await get(`/api/v1/watchlist/${id}`)).statusCode).toBe(404)
    expect((await get('/api/v1/watchlist')).json()).toEqual({ latest: null, editions: [] })
    expect((await get('/sitemap.xml')).body).not.toContain(`/watchlist/${id}<`)
    // The engine's "add" shortcut only fills the add form.
    const other = await createCountry(database.db)
    expect((await get(`/workspace/watchlist/${id}?candidate=${other.code}`, editor)).body).toContain(
      `<option value="${other.code}" selected`,
    )
    expect(await database.db.selectFrom('watchlist_entries').select('country_code').where('edition_id', '=', id).execute()).toEqual([
      { country_code: code },
    ])
  })

  it('adds, checks, reorders, edits and removes countries on a draft', async () => {
    const { app, database } = t()
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    const id = await newEdition(editor, 'Fictional ordering edition')
    const [a, b, c] = [await createCountry(database.db), await createCountry(database.db), await createCountry(database.db)]
    const add = (country: string, rationale: string) =>
      postForm(app, editor, `/workspace/watchlist/${id}/entries`, [
        ['country', country],
        ['rationale', rationale],
      ])
    const entry = (code: string, action: string, rationale = '') =>
      postForm(app, editor, `/workspace/watchlist/${id}/entries/${code}`, [
        ['action', action],
        ['rationale', rationale],
      ])

    const noReason = await add(a.code, '   ')
    expect(noReason.statusCode).toBe(422)
    expect(noReason.body).toContain('Explain in 1 to 10,000 characters why this country is on the watchlist.')
    const unknown = await add('XQ0', 'Fictional reason')
    expect(unknown.statusCode).toBe(422)
    expect(unknown.body).toContain('Choose a country from the list.')
    expect(await order(id)).toEqual([])

    for (const country of [a, b, c]) expect((await add(country.code, `Fictional reason for ${country.name}`)).statusCode).toBe(303)
    const duplicate = await add(a.code, 'Again')
    expect(duplicate.statusCode).toBe(422)
    expect(duplicate.body).toContain('This country is already on the edition.')
    expect(await order(id)).toEqual([a.code, b.code, c.code])

    await entry(c.code, 'up')
    expect(await order(id)).toEqual([a.code, c.code, b.code])
    await entry(a.code, 'up') // already first: nothing moves
    await entry(a.code, 'down')
    expect(await order(id)).toEqual([c.code, a.code, b.code])
    await entry(b.code, 'remove')
    expect(await order(id)).toEqual([c.code, a.code])
    expect((await entry(b.code, 'save', 'Not on the list')).statusCode).toBe(404)

    const emptied = await entry(a.code, 'save', ' ')
    expect(emptied.statusCode).toBe(422)
    expect(emptied.body).toContain('Explain in 1 to 10,000 characters')
    expect((await entry(a.code, 'save', 'Fictional revised reason')).statusCode).toBe(303)
    const rows = (await snapshot(id)).entries
    expect(rows.find((r) => r.country_code === a.code)?.rationale).toBe('Fictional revised reason')
    expect(rows.find((r) => r.country_code === c.code)?.rationale).toBe(`Fictional reason for ${c.name}`)

    const details = await postForm(app, editor, `/workspace/watchlist/${id}`, [
      ['title', 'Fictional ordering edition, retitled'],
      ['edition_date', '2030-05-30'],
      ['introduction', ''],
    ])
    expect(details.statusCode).toBe(303)
    expect((await snapshot(id)).edition).toMatchObject({
      title: 'Fictional ordering edition, retitled',
      edition_date: '2030-05-30',
      introduction: '',
    })
  })

  it('publishes an edition: public page, API and sitemap show it, and it is read-only afterwards', async () => {
    const { app, database } = t()
    const editor = await signedIn(database.db, (await createUser(database.db, { roles: ['editor'] })).id, NOW)
    const first = await newEdition(editor, 'Fictional first edition', '2030-03-01')
    const empty = await postForm(app, editor, `/workspace/watchlist/${first}/publish`)
    expect(empty.statusCode).toBe(422)
    expect(empty.body).toContain('Add at least one country before publishing.')
    const country = await createCountry(database.db, { name: 'Fictional Ruritania' })
    await rateCountry(database.db, country.code, 'repressed', '2030-01-01', 30)
    await postForm(app, editor, `/workspace/watchlist/${first}/entries`, [
      ['country', country.code],
      ['rationale', 'Fictional protesters were **detained**.'],
    ])
    const published = await postForm(app, editor, `/workspace/watchlist/${first}/publish`)
    expect(published.statusCode).toBe(303)
    expect(String(published.headers.location)).toBe(`/workspace/watchlist/${first}?saved=published`)

    const page = (await get(`/workspace/watchlist/${first}`, editor)).body
    expect(page).toContain('This edition is published and read-only')
    expect(page).not.toContain(`action="/workspace/watchlist/${first}/entries`)
    const before = await snapshot(first)
    const attempts = [
      postForm(app, editor, `/workspace/watchlist/${first}`, [
        ['title', 'Changed'],
        ['edition_date', '2030-03-02'],
      ]),
      postForm(app, editor, `/workspace/watchlist/${first}`, [['title', '']]),
      postForm(app, editor, `/workspace/watchlist/${first}/entries`, [
        ['country', (await createCountry(database.db)).code],
        ['rationale', 'Late'],
      ]),
      postForm(app, editor, `/workspace/watchlist/${first}/entries/${country.code}`, [
        ['action', 'save'],
        ['rationale', 'Changed'],
      ]),
      postForm(app, editor, `/workspace/watchlist/${first}/entries/${country.code}`, [['action', 'remove']]),
      postForm(app, editor, `/workspace/watchlist/${first}/publish`),
    ]
    for (const attempt of await Promise.all(attempts)) {
      expect(attempt.statusCode).toBe(409)
      expect(attempt.body).toContain('This edition is published and read-only: nothing was changed.')
    }
    expect(await snapshot(first)).toEqual(before)

    const watchlist = await get('/watchlist')
    expect(watchlist.statusCode).toBe(200)
    expect(watchlist.body).toContain('Fictional first edition')
    expect(watchlist.body).toContain('<em>emphasis</em>')
    expect(watchlist.body).toContain(`<a href="/countries/${country.slug}">Fictional Ruritania</a>`)
    expect(watchlist.body).toContain('<strong>detained</strong>')
    expect(watchlist.body).toMatch(/swatch cat-repressed[^>]*><\/span>Repressed/)
    expect(watchlist.body).toContain('href="/watchlist" aria-current="page"')
    expect((await get('/ru/watchlist')).body).toContain(`<a href="/ru/countries/${country.slug}">`)
    const api = (await get('/api/v1/watchlist')).json<{ latest: { id: number; countries: unknown[] }; editions: { id: number }[] }>()
    expect(api.latest.id).toBe(first)
    expect(api.latest.countries).toEqual([
      {
        position: 1,
        code: country.code,
        name: 'Fictional Ruritania',
        url: `http://civic-monitor.test/countries/${country.slug}`,
        rationale: 'Fictional protesters were **detained**.',
        rating: 'repressed',
      },
    ])
    expect((await get(`/api/v1/watchlist/${first}`)).json()).toMatchObject({ id: first, title: 'Fictional first edition' })
    expect((await get('/sitemap.xml')).body).toContain(`http://civic-monitor.test/watchlist/${first}</loc>`)

    // A later edition becomes the watchlist; the first moves to the archive.
    const second = await newEdition(editor, 'Fictional second edition', '2030-05-15')
    await postForm(app, editor, `/workspace/watchlist/${second}/entries`, [
      ['country', country.code],
      ['rationale', 'Fictional: still declining.'],
    ])
    await postForm(app, editor, `/workspace/watchlist/${second}/publish`)
    const latest = (await get('/watchlist')).body
    expect(latest).toContain('Fictional second edition')
    expect(latest.slice(latest.indexOf('archive-title'))).toContain(`href="/watchlist/${first}"`)
    const archived = (await get(`/watchlist/${first}`)).body
    expect(archived).toContain('This is an earlier edition of the watchlist.')
    expect((await get('/api/v1/watchlist')).json<{ editions: { id: number }[] }>().editions.map((e) => e.id)).toEqual([second, first])
    const list = (await get('/workspace/watchlist', editor)).body
    expect(list).toContain('class="table-scroll"')
    expect(list).toContain('Fictional second edition')
  })
})
