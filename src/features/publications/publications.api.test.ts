import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import type { SignedIn } from '../../../test/helpers/forms.js'
import { makePublication } from '../../../test/helpers/publications.js'
import { HIDDEN, NOW, hiddenSlug, hiddenTitle, setUpPublications, type Fixture } from '../../../test/helpers/press-fixture.js'

const BASE = 'http://civic-monitor.test'
interface Listed {
  id: number
  kind: string
  publishedAt: string
  countries: string[]
  versions: { language: string; slug: string; title: string; summary: string; url: string }[]
}
interface ListJson {
  publications: Listed[]
  next: string | null
}

describe.each(backends)('publications API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  let f: Fixture
  beforeAll(async () => {
    f = await setUpPublications(t().database.db)
  })
  const get = (url: string, who?: SignedIn) => t().app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
  const list = async (url: string) => (await get(url)).json<ListJson>()

  it('lists published publications only, newest first, with every version, for every reader', async () => {
    for (const [name, who] of Object.entries(f.who)) {
      const res = await get('/api/v1/publications', who)
      expect(res.statusCode, name).toBe(200)
      expect(res.body).not.toMatch(/secret/)
      expect(res.json<ListJson>().publications.map((p) => p.id)).toEqual([f.release.id, f.statement.id])
    }
    const { publications, next } = await list('/api/v1/publications')
    expect(next).toBeNull()
    expect(publications[0]).toEqual({
      id: f.release.id,
      kind: 'press_release',
      withdrawn: null,
      publishedAt: '2030-05-20T06:00:00.000Z',
      countries: [f.countries[0]!.code],
      versions: [
        {
          language: 'en',
          slug: 'fictional-release',
          title: 'Fictional Arcadia crackdown release',
          summary: 'A fictional summary of the release.',
          url: `${BASE}/press/fictional-release`,
        },
        {
          language: 'ru',
          slug: 'fictional-release-ru',
          title: 'Вымышленный релиз о репрессиях',
          summary: 'Вымышленное резюме.',
          url: `${BASE}/ru/press/fictional-release-ru`,
        },
      ],
    })
  })

  it('filters by kind, country and language, and refuses bad parameters with a clear message', async () => {
    const ids = async (query: string) => (await list(`/api/v1/publications?${query}`)).publications.map((p) => p.id)
    expect(await ids('kind=statement')).toEqual([f.statement.id])
    expect(await ids(`country=${f.countries[0]!.code.toLowerCase()}`)).toEqual([f.release.id])
    expect(await ids(`country=${f.countries[1]!.code}`)).toEqual([f.statement.id])
    expect(await ids('language=ru')).toEqual([f.release.id])
    expect(await ids('language=fr')).toEqual([])
    for (const [query, field] of [
      ['kind=draft', 'kind'],
      ['language=xx', 'language'],
      ['before=yesterday', 'before'],
      ['limit=lots', 'limit'],
      ['country=1', 'country'],
    ]) {
      const res = await get(`/api/v1/publications?${query}`)
      expect(res.statusCode, query).toBe(400)
      const error = res.json<{ error: { code: string; message: string; details: { field: string }[] } }>().error
      expect(error.code).toBe('invalid_request')
      expect(error.details[0]!.field).toBe(field)
    }
    expect((await get('/api/v1/publications?kind=draft')).json<{ error: { message: string } }>().error.message).toContain(
      'press_release, watchlist_report, annual_findings, statement',
    )
  })

  it('pages with a cursor through every published publication exactly once', async () => {
    const db = t().database.db
    const editor = await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    // Same publication time for several: the id breaks the tie.
    for (let i = 0; i < 5; i++)
      await makePublication(db, {
        createdBy: editor.id,
        status: 'published',
        embargoUntil: new Date('2030-05-15T00:00:00Z'),
        texts: [{ language: 'fr', slug: `fictional-cursor-${i}`, title: `Fictional cursor ${i}` }],
      })
    const expected = (await list('/api/v1/publications?limit=200')).publications.map((p) => p.id)
    expect(expected).toHaveLength(7)
    const seen: number[] = []
    let url: string | null = '/api/v1/publications?limit=2'
    while (url) {
      const page: ListJson = await list(url)
      expect(page.publications.length).toBeLessThanOrEqual(2)
      seen.push(...page.publications.map((p) => p.id))
      url = page.next ? `/api/v1/publications?limit=2&before=${page.next}` : null
    }
    expect(seen).toEqual(expected)
    expect(new Set(seen).size).toBe(7)
    await db
      .deleteFrom('publications')
      .where('id', 'not in', [f.release.id, f.statement.id, ...HIDDEN.map((s) => f.hidden[s].id)])
      .execute()
  })

  it('gives one published version with its links, attachments and corrections', async () => {
    for (const [name, who] of Object.entries(f.who))
      expect((await get('/api/v1/publications/fictional-release', who)).statusCode, name).toBe(200)
    const res = await get('/api/v1/publications/fictional-release')
    expect(res.headers['cache-control']).toBe('public, max-age=60')
    expect(res.json()).toEqual({
      id: f.release.id,
      kind: 'press_release',
      withdrawn: null,
      publishedAt: '2030-05-20T06:00:00.000Z',
      language: 'en',
      slug: 'fictional-release',
      url: `${BASE}/press/fictional-release`,
      title: 'Fictional Arcadia crackdown release',
      summary: 'A fictional summary of the release.',
      body: 'Fictional **body** with a [source](https://example.org/fictional-source).\n\n<script>alert(1)</script>',
      quotes: [{ text: 'A fictional quote.', attribution: 'Fictional Spokesperson' }],
      contacts: [{ name: 'Fictional Press Officer', role: 'Media', email: 'press@example.org', phone: '+1 555 0100' }],
      otherVersions: [{ language: 'ru', slug: 'fictional-release-ru', url: `${BASE}/ru/press/fictional-release-ru` }],
      countries: [f.countries[0]!.code],
      decisions: [f.decisions.published],
      updates: [f.updates.published],
      attachments: [
        {
          id: f.attachmentId,
          fileName: 'fictional-report.pdf',
          mediaType: 'application/pdf',
          byteSize: 2500,
          url: `${BASE}/press/files/${f.attachmentId}/fictional-report.pdf`,
        },
      ],
      corrections: [{ note: 'Fictional figure corrected.', correctedAt: '2030-05-21T10:00:00.000Z' }],
    })
    const russian = (await get('/api/v1/publications/fictional-release-ru')).json<{ language: string; otherVersions: unknown[] }>()
    expect(russian.language).toBe('ru')
    expect(russian.otherVersions).toEqual([{ language: 'en', slug: 'fictional-release', url: `${BASE}/press/fictional-release` }])
  })

  it('answers an unpublished slug exactly as an unknown one, to everyone', async () => {
    const unknown = await get('/api/v1/publications/fictional-no-such-release')
    expect(unknown.statusCode).toBe(404)
    for (const status of HIDDEN)
      for (const [name, who] of Object.entries(f.who)) {
        const res = await get(`/api/v1/publications/${hiddenSlug(status)}`, who)
        expect(res.statusCode, `${name} ${status}`).toBe(404)
        expect(res.body).toBe(unknown.body)
        expect(res.body).not.toContain(hiddenTitle(status))
      }
    expect((await get('/api/v1/publications/NOT_A_SLUG')).statusCode).toBe(400)
  })

  it('documents both endpoints with their response schemas in the OpenAPI document', async () => {
    const doc = (await get('/api/v1/openapi.json')).json<{ paths: Record<string, { get: { responses: Record<string, unknown> } }> }>()
    const item = JSON.stringify(doc.paths['/api/v1/publications/{slug}']!.get.responses['200'])
    expect(item).toContain('otherVersions')
    expect(item).toContain('corrections')
    expect(JSON.stringify(doc.paths['/api/v1/publications']!.get.responses['200'])).toContain('versions')
  })
})
