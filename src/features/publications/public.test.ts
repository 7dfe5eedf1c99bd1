import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import type { SignedIn } from '../../../test/helpers/forms.js'
import { makePublication } from '../../../test/helpers/publications.js'
import { formatDate } from '../../lib/i18n.js'
import { formatInstant } from '../../lib/time-zones.js'
import { HIDDEN, NOW, hiddenSlug, hiddenTitle, setUpPublications, type Fixture } from '../../../test/helpers/press-fixture.js'

const BASE = 'http://civic-monitor.test'

describe.each(backends)('public publications on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  let f: Fixture
  beforeAll(async () => {
    f = await setUpPublications(t().database.db)
  })
  const get = (url: string, who?: SignedIn) => t().app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
  const everyone = (): [string, SignedIn | undefined][] => Object.entries(f.who)

  it('lists published publications only, newest first, for every reader', async () => {
    for (const [name, who] of everyone()) {
      const res = await get('/press', who)
      expect(res.statusCode, name).toBe(200)
      expect(res.body).toContain('2 publications')
      const release = res.body.indexOf('Fictional Arcadia crackdown release')
      const statement = res.body.indexOf('Fictional Borduria statement')
      expect(release, name).toBeGreaterThan(0)
      expect(statement).toBeGreaterThan(release)
      for (const status of HIDDEN) {
        expect(res.body, `${name} ${status}`).not.toContain(hiddenTitle(status))
        expect(res.body).not.toContain(hiddenSlug(status))
      }
    }
    const list = (await get('/press')).body
    expect(list).toContain('href="/press/fictional-release"')
    expect(list).toContain('Press release')
    expect(list).toContain(f.countries[0]!.name)
    expect(list).toContain('href="/press/feed.xml"')
    expect(list).toContain('href="/press/accreditation"')
    expect(list).toContain('href="/press/subscribe"')
    expect(list).toContain('<a href="/press" aria-current="page">Press</a>')
  })

  it('shows each publication in the reader’s language, or the original marked with its language', async () => {
    const res = await get('/ru/press')
    expect(res.statusCode).toBe(200)
    expect(res.body).toContain('Вымышленный релиз о репрессиях')
    expect(res.body).toContain('href="/ru/press/fictional-release-ru"')
    expect(res.body).not.toContain('Fictional Arcadia crackdown release')
    // No Russian version: the English original, marked.
    expect(res.body).toMatch(/На языке: English[\s\S]*Fictional Borduria statement/)
    // The link keeps the reader's language around the English text.
    expect(res.body).toContain('href="/ru/press/fictional-statement"')
    expect(res.body).toContain('2 публикации')
    expect((await get('/press')).body).not.toContain('In English')
  })

  it('filters by kind and country, and refuses bad values with a clear message', async () => {
    const statements = (await get('/press?kind=statement')).body
    expect(statements).toContain('Fictional Borduria statement')
    expect(statements).not.toContain('Fictional Arcadia crackdown release')
    expect(statements).toContain('<option value="statement" selected')
    const country = (await get(`/press?country=${f.countries[0]!.code}`)).body
    expect(country).toContain('Fictional Arcadia crackdown release')
    expect(country).not.toContain('Fictional Borduria statement')
    // Hidden publications concern the second country: it offers only the statement.
    const second = (await get(`/press?country=${f.countries[1]!.code}`)).body
    expect(second).toContain('1 publication<')
    expect(second).not.toContain(hiddenTitle('scheduled'))
    // The form's "all" choices come as empty values: no filter.
    expect((await get('/press?kind=&country=')).body).toContain('2 publications')

    const badKind = await get('/press?kind=secret_drafts')
    expect(badKind.statusCode).toBe(400)
    expect(badKind.body).toContain('“secret_drafts” is not a valid choice for “kind”.')
    const badCountry = await get('/ru/press?country=arcadia')
    expect(badCountry.statusCode).toBe(400)
    expect(badCountry.body).toContain('country')
    expect((await get('/press?page=0')).statusCode).toBe(400)
  })

  it('pages the list twenty at a time', async () => {
    const db = t().database.db
    const editor = await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    const country = f.countries[2]!.code
    for (let i = 1; i <= 21; i++)
      await makePublication(db, {
        createdBy: editor.id,
        kind: 'watchlist_report',
        status: 'published',
        embargoUntil: new Date(Date.UTC(2029, 0, i)),
        texts: [{ language: 'en', slug: `fictional-paged-${i}`, title: `Fictional paged report ${i}.` }],
        countries: [country],
      })
    const first = (await get(`/press?kind=watchlist_report&country=${country}`)).body
    expect(first).toContain('21 publications')
    expect(first).toContain('Fictional paged report 21.')
    expect(first).not.toContain('Fictional paged report 1.')
    expect(first).toContain(`href="/press?kind=watchlist_report&amp;country=${country}&amp;page=2"`)
    const second = (await get(`/press?kind=watchlist_report&country=${country}&page=2`)).body
    expect(second).toContain('Fictional paged report 1.')
    expect(second).not.toContain('Fictional paged report 2.')
    expect((await get(`/press?kind=watchlist_report&country=${country}&page=3`)).statusCode).toBe(404)
    await db.deleteFrom('publications').where('kind', '=', 'watchlist_report').execute()
  })

  it('shows a published version with everything linked, and nothing unpublished', async () => {
    for (const [name, who] of everyone()) expect((await get('/press/fictional-release', who)).statusCode, name).toBe(200)
    const page = (await get('/press/fictional-release')).body
    expect(page).toContain('<h1 id="publication-title" lang="en" dir="ltr">Fictional Arcadia crackdown release</h1>')
    expect(page).toContain('Press release')
    expect(page).toContain('<strong>body</strong>')
    expect(page).not.toContain('<script>alert(1)')
    expect(page).toContain('&lt;script&gt;')
    expect(page).toMatch(
      /<figure class="publication-quote"[^>]*><blockquote><p>A fictional quote.<\/p><\/blockquote><figcaption>— Fictional Spokesperson<\/figcaption>/,
    )
    expect(page).toContain('Fictional Press Officer')
    expect(page).toContain('href="mailto:press@example.org"')
    expect(page).toContain(`href="/countries/${f.countries[0]!.slug}"`)
    expect(page).toContain(`href="/decisions/${f.decisions.published}"`)
    expect(page).not.toContain(`/decisions/${f.decisions.unpublished}"`)
    // The decision's own page lists the release announcing it (publications provide that box: decision 012).
    const decisionPage = (await get(`/decisions/${f.decisions.published}`)).body
    expect(decisionPage).toContain('<h2 id="related-publications-title">Press releases and publications</h2>')
    expect(decisionPage).toContain('href="/press/fictional-release"')
    expect(page).toContain(`href="/updates/${f.updates.published}"`)
    expect(page).not.toContain('Fictional unpublished update')
    expect(page).toContain(`href="/press/files/${f.attachmentId}/fictional-report.pdf"`)
    expect(page).toMatch(/fictional-report\.pdf<\/a> <span class="attachment-meta">\(PDF, 3 kB\)/)
    expect(page).toContain(`Corrected on ${formatDate('en', '2030-05-21')}:</strong> Fictional figure corrected.`)
    expect(page).toMatch(/Also in:\s*<a href="\/ru\/press\/fictional-release-ru"[^>]*hreflang="ru" lang="ru">Русский<\/a>/)
    // Published in the release's zone (Almaty).
    const time = formatInstant('en', new Date('2030-05-20T06:00:00Z'), 'Asia/Almaty')
    expect(time).toMatch(/^May 20, 2030 at 1[12]:00 GMT\+[56]$/)
    expect(page).toContain(`<time datetime="2030-05-20T06:00:00.000Z">Published ${time}</time>`)
  })

  it('shows a placeholder link of a Russian or Arabic text as its words and a link to a page of the site as a link, never the Markdown', async () => {
    const db = t().database.db
    const editor = await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    const { id } = await makePublication(db, {
      createdBy: editor.id,
      status: 'published',
      embargoUntil: new Date('2030-05-01T00:00:00Z'),
      texts: [
        {
          language: 'ru',
          slug: 'fictional-links-ru',
          title: 'Вымышленный релиз со ссылками',
          body: 'Рейтинг понижен [из-за повсеместных нарушений](#): см. [страну](/ru/countries/kazakhstan) и [ниже](#details).',
        },
        {
          language: 'ar',
          slug: 'fictional-links-ar',
          title: 'بيان خيالي بروابط',
          body: 'خُفّض التصنيف [بسبب الانتهاكات الواسعة](#)، انظر [البلد](/ar/countries/kazakhstan) و[هذا](javascript:alert(1)).',
        },
      ],
    })
    try {
      const russian = (await get('/ru/press/fictional-links-ru')).body
      expect(russian).toContain(
        '<p>Рейтинг понижен из-за повсеместных нарушений: см. <a href="/ru/countries/kazakhstan">страну</a> и <a href="#details">ниже</a>.</p>',
      )
      const arabic = (await get('/ar/press/fictional-links-ar')).body
      expect(arabic).toContain('<p>خُفّض التصنيف بسبب الانتهاكات الواسعة، انظر <a href="/ar/countries/kazakhstan">البلد</a> وهذا.</p>')
      for (const page of [russian, arabic]) expect(page).not.toMatch(/\]\(|href="#"|javascript:/)
    } finally {
      await db.deleteFrom('publications').where('id', '=', id).execute()
    }
  })

  it('names the language versions as hreflang alternates and carries Open Graph and Twitter card details', async () => {
    const page = (await get('/ru/press/fictional-release')).body
    expect(page).toContain(`<link rel="alternate" hreflang="en" href="${BASE}/press/fictional-release"/>`)
    expect(page).toContain(`<link rel="alternate" hreflang="ru" href="${BASE}/ru/press/fictional-release-ru"/>`)
    expect(page).toContain(`<link rel="alternate" hreflang="x-default" href="${BASE}/press/fictional-release"/>`)
    expect(page).not.toContain('hreflang="fr" href')
    expect(page).toContain('<meta property="og:title" content="Fictional Arcadia crackdown release"/>')
    expect(page).toContain('<meta property="og:description" content="A fictional summary of the release."/>')
    expect(page).toContain('<meta property="og:type" content="article"/>')
    expect(page).toContain(`<meta property="og:url" content="${BASE}/press/fictional-release"/>`)
    expect(page).toContain('<meta property="og:locale" content="en"/>')
    expect(page).toContain('<meta property="article:published_time" content="2030-05-20T06:00:00.000Z"/>')
    expect(page).toContain('<meta name="twitter:card" content="summary"/>')
    // The Russian UI around the English text.
    expect(page).toContain('На языке: English')
    const russian = (await get('/ru/press/fictional-release-ru')).body
    expect(russian).toContain(`<meta property="og:url" content="${BASE}/ru/press/fictional-release-ru"/>`)
    expect(russian).toContain('<meta property="og:locale" content="ru"/>')
  })

  it('answers an unpublished slug exactly as an unknown one, to everyone, and shows it once published', async () => {
    const db = t().database.db
    const unknown = await get('/press/fictional-no-such-release')
    expect(unknown.statusCode).toBe(404)
    const normal = (body: string, slug: string) => body.replaceAll(slug, 'SLUG')
    for (const status of HIDDEN)
      for (const [name, who] of everyone())
        for (const slug of [hiddenSlug(status), `${hiddenSlug(status)}-ru`]) {
          const res = await get(`/press/${slug}`, who)
          expect(res.statusCode, `${name} ${slug}`).toBe(404)
          expect(normal(res.body, slug)).toBe(normal(unknown.body, 'fictional-no-such-release'))
          expect(res.headers['cache-control']).toBe('no-store')
        }
    // Published later (as the publishing job does): the page appears.
    const id = f.hidden.scheduled.id
    await db.updateTable('publications').set({ status: 'published', published_at: NOW }).where('id', '=', id).execute()
    try {
      const now = await get(`/press/${hiddenSlug('scheduled')}`)
      expect(now.statusCode).toBe(200)
      expect(now.body).toContain(hiddenTitle('scheduled'))
    } finally {
      await db.updateTable('publications').set({ status: 'scheduled', published_at: null }).where('id', '=', id).execute()
    }
    expect((await get(`/press/${hiddenSlug('scheduled')}`)).statusCode).toBe(404)
    expect((await get('/press/Not_A_Slug')).statusCode).toBe(400)
  })

  it('serves public pages from the render cache with an ETag', async () => {
    const first = await get('/press/fictional-release')
    expect(first.headers['cache-control']).toBe('public, max-age=60')
    const again = await t().app.inject({ url: '/press/fictional-release', headers: { 'if-none-match': String(first.headers.etag) } })
    expect(again.statusCode).toBe(304)
  })

  it('publishes an Atom feed with one entry per published language version', async () => {
    const res = await get('/press/feed.xml')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('application/atom+xml')
    const entries = res.body.split('<entry').slice(1)
    expect(entries).toHaveLength(3)
    expect(res.body).toContain(`<entry xml:lang="ru"><id>${BASE}/ru/press/fictional-release-ru</id>`)
    expect(res.body).toContain(`<link rel="alternate" type="text/html" hreflang="en" href="${BASE}/press/fictional-release"/>`)
    expect(res.body).toContain('<title>Fictional Borduria statement</title>')
    expect(res.body).toContain('<category term="statement"/>')
    // Raw HTML in the Markdown becomes text, and that HTML is escaped once more as XML.
    expect(res.body).toContain('&amp;lt;script&amp;gt;alert(1)')
    expect(res.body).not.toContain('<script')
    for (const status of HIDDEN) expect(res.body).not.toContain(hiddenSlug(status))
  })

  it('lists published versions in the sitemap with hreflang between them, and nothing unpublished', async () => {
    const res = await get('/sitemap.xml')
    const entry = res.body.split('\n').find((line) => line.startsWith(`<url><loc>${BASE}/ru/press/fictional-release-ru</loc>`))
    expect(entry).toBeDefined()
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${BASE}/press/fictional-release"/>`)
    expect(entry).toContain(`<xhtml:link rel="alternate" hreflang="ru" href="${BASE}/ru/press/fictional-release-ru"/>`)
    expect(res.body).toContain(`<loc>${BASE}/press/fictional-statement</loc>`)
    expect(res.body).toContain(`<loc>${BASE}/fr/press</loc>`)
    for (const status of HIDDEN) expect(res.body).not.toContain(hiddenSlug(status))
  })
})
