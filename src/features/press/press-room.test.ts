import { beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import type { SignedIn } from '../../../test/helpers/forms.js'
import { makePublication } from '../../../test/helpers/publications.js'
import { formatInstant } from '../../lib/time-zones.js'
import { EMBARGO, NOW, hiddenSlug, hiddenTitle, setUpPublications, type Fixture } from '../../../test/helpers/press-fixture.js'

const BASE = 'http://civic-monitor.test'

describe.each(backends)('the press room on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  let f: Fixture
  let sooner: { id: number }
  beforeAll(async () => {
    const db = t().database.db
    f = await setUpPublications(db)
    const editor = await db.selectFrom('users').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    // Scheduled after the fixture's but embargoed until sooner: listed before it.
    sooner = await makePublication(db, {
      createdBy: editor.id,
      status: 'scheduled',
      embargoUntil: new Date('2030-06-05T08:00:00Z'),
      embargoZone: 'Europe/Paris',
      texts: [{ language: 'fr', slug: 'fictional-sooner-embargo', title: 'Fictional sooner embargoed statement' }],
    })
  })
  const get = (url: string, who?: SignedIn) => t().app.inject({ url, headers: who ? { cookie: who.cookie } : {} })
  const embargoLine = (locale: string, prefix: string) => `${prefix} ${formatInstant(locale, EMBARGO, 'Asia/Almaty')}`

  it('keeps everyone without the press ability out, as other protected pages do', async () => {
    const urls = ['/press-room', '/ru/press-room', `/press-room/${hiddenSlug('scheduled')}`, `/press-room/${hiddenSlug('scheduled')}.md`]
    for (const url of urls) {
      const anonymous = await get(url)
      expect(anonymous.statusCode, url).toBe(303)
      expect(anonymous.headers.location).toContain('/sign-in?next=')
      const researcher = await get(url, f.who.researcher)
      expect(researcher.statusCode, url).toBe(403)
      expect(researcher.body).not.toContain(hiddenTitle('scheduled'))
    }
    for (const url of ['/api/v1/press-room/publications', `/api/v1/press-room/publications/${hiddenSlug('scheduled')}`]) {
      expect((await get(url)).statusCode, url).toBe(401)
      const researcher = await get(url, f.who.researcher)
      expect(researcher.statusCode, url).toBe(403)
      expect(researcher.body).not.toContain(hiddenTitle('scheduled'))
    }
  })

  it('lists embargoed releases with their notice, soonest first, then published ones, for journalists and editors', async () => {
    for (const who of [f.who.journalist, f.who.editor]) {
      const res = await get('/press-room', who)
      expect(res.statusCode).toBe(200)
      expect(res.headers['cache-control']).toBe('private, no-store')
      expect(res.body).toContain('<meta name="robots" content="noindex"/>')
      expect(res.body).toContain(`<p class="embargo-notice" role="note"><strong>${embargoLine('en', 'EMBARGOED UNTIL')}</strong></p>`)
      expect(embargoLine('en', '')).toMatch(/June 20, 2030 at 00:01 GMT\+[56]$|June 19, 2030 at 23:01 GMT\+5$/)
      const soonerOne = res.body.indexOf('Fictional sooner embargoed statement')
      const scheduled = res.body.indexOf(hiddenTitle('scheduled'))
      const published = res.body.indexOf('Fictional Arcadia crackdown release')
      expect(soonerOne).toBeGreaterThan(0)
      expect(scheduled).toBeGreaterThan(soonerOne)
      expect(published).toBeGreaterThan(scheduled)
      expect(res.body).toContain(`href="/press-room/${hiddenSlug('scheduled')}"`)
      expect(res.body).not.toContain(hiddenTitle('draft'))
      expect(res.body).not.toContain(hiddenTitle('review'))
    }
    const russian = await get('/ru/press-room', f.who.journalist)
    expect(russian.body).toContain(embargoLine('ru', 'ЭМБАРГО ДО'))
    expect(russian.body).toContain(`href="/ru/press-room/${hiddenSlug('scheduled')}-ru"`)
  })

  it('shows an embargoed release with the notice first and in the title, press-room attachments and a download', async () => {
    const db = t().database.db
    await db
      .insertInto('publication_attachments')
      .values({
        publication_id: f.hidden.scheduled.id,
        file_name: 'fictional-embargoed.png',
        media_type: 'image/png',
        byte_size: 1_250_000,
        sha256: 'fictional',
        content: Buffer.from('fictional'),
      })
      .execute()
    const res = await get(`/press-room/${hiddenSlug('scheduled')}`, f.who.journalist)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-store')
    expect(res.body).toContain('<meta name="robots" content="noindex"/>')
    expect(res.body).toContain(`<title>${embargoLine('en', 'EMBARGOED UNTIL')}: ${hiddenTitle('scheduled')} · Civic Monitor</title>`)
    expect(res.body).toMatch(/<article class="publication"[^>]*><p class="embargo-notice"/)
    expect(res.body).toMatch(/href="\/press-room\/files\/\d+\/fictional-embargoed.png"/)
    expect(res.body).toContain('(PNG, 1.3 MB)')
    expect(res.body).toContain(`href="/ru/press-room/${hiddenSlug('scheduled')}-ru"`)
    expect(res.body).toContain(`href="/press-room/${hiddenSlug('scheduled')}.md"`)
    // A published one in the press room: no embargo notice.
    const published = await get('/press-room/fictional-release', f.who.editor)
    expect(published.statusCode).toBe(200)
    expect(published.body).not.toContain('embargo-notice')
    expect(published.body).toContain(`href="/press-room/files/${f.attachmentId}/fictional-report.pdf"`)
    // A media contact without a name: its address alone, on the page and in the download.
    const russian = await get('/ru/press-room/fictional-release-ru', f.who.journalist)
    expect(russian.body).toContain('<li><a href="mailto:media@example.org">media@example.org</a></li>')
    expect((await get('/ru/press-room/fictional-release-ru.md', f.who.journalist)).body).toContain('\n- media@example.org\n')
  })

  it('downloads the release as Markdown whose first line is the embargo', async () => {
    for (const url of [`/press-room/${hiddenSlug('scheduled')}.md`, `/press-room/${hiddenSlug('scheduled')}?format=md`]) {
      const res = await get(url, f.who.journalist)
      expect(res.statusCode, url).toBe(200)
      expect(res.headers['content-type']).toBe('text/markdown; charset=utf-8')
      expect(res.headers['content-disposition']).toBe(`attachment; filename="${hiddenSlug('scheduled')}.md"`)
      expect(res.headers['cache-control']).toBe('private, no-store')
      const lines = res.body.split('\n')
      expect(lines[0]).toBe(embargoLine('en', 'EMBARGOED UNTIL'))
      expect(lines).toContain(`# ${hiddenTitle('scheduled')}`)
      expect(res.body).toMatch(new RegExp(`${BASE}/press-room/files/\\d+/fictional-embargoed.png`))
    }
    const russian = await get(`/ru/press-room/${hiddenSlug('scheduled')}-ru.md`, f.who.journalist)
    expect(russian.body.split('\n')[0]).toBe(embargoLine('ru', 'ЭМБАРГО ДО'))
    expect((await get(`/press-room/${hiddenSlug('scheduled')}?format=pdf`, f.who.journalist)).statusCode).toBe(400)
  })

  it('never shows drafts or publications in review, to journalists or editors', async () => {
    for (const status of ['draft', 'review'] as const)
      for (const who of [f.who.journalist, f.who.editor]) {
        for (const suffix of ['', '.md']) {
          const unknown = await get(`/press-room/fictional-no-such-release${suffix}`, who)
          const res = await get(`/press-room/${hiddenSlug(status)}${suffix}`, who)
          expect(res.statusCode).toBe(404)
          expect(res.body.replaceAll(hiddenSlug(status), 'X')).toBe(unknown.body.replaceAll('fictional-no-such-release', 'X'))
        }
        const api = await get(`/api/v1/press-room/publications/${hiddenSlug(status)}`, who)
        expect(api.statusCode).toBe(404)
        expect(api.body).not.toContain(hiddenTitle(status))
        expect((await get('/api/v1/press-room/publications', who)).body).not.toContain(hiddenSlug(status))
      }
  })

  it('gives the press room API the public shapes plus the embargo, never cached', async () => {
    const res = await get('/api/v1/press-room/publications', f.who.journalist)
    expect(res.statusCode).toBe(200)
    expect(res.headers['cache-control']).toBe('private, no-store')
    const { publications } = res.json<{
      publications: { id: number; status: string; embargoUntil: string | null; embargoZone: string }[]
    }>()
    expect(publications.map((p) => p.id)).toEqual([sooner.id, f.hidden.scheduled.id, f.release.id, f.statement.id])
    expect(publications[1]).toMatchObject({ status: 'scheduled', embargoUntil: EMBARGO.toISOString(), embargoZone: 'Asia/Almaty' })
    const item = await get(`/api/v1/press-room/publications/${hiddenSlug('scheduled')}`, f.who.editor)
    expect(item.statusCode).toBe(200)
    expect(item.headers['cache-control']).toBe('private, no-store')
    expect(item.json()).toMatchObject({
      id: f.hidden.scheduled.id,
      status: 'scheduled',
      publishedAt: null,
      embargoUntil: EMBARGO.toISOString(),
      embargoZone: 'Asia/Almaty',
      title: hiddenTitle('scheduled'),
      url: `${BASE}/press-room/${hiddenSlug('scheduled')}`,
      otherVersions: [
        { language: 'ru', slug: `${hiddenSlug('scheduled')}-ru`, url: `${BASE}/ru/press-room/${hiddenSlug('scheduled')}-ru` },
      ],
    })
    // The public surfaces still know nothing of it.
    expect((await get(`/api/v1/publications/${hiddenSlug('scheduled')}`, f.who.journalist)).statusCode).toBe(404)
    expect((await get(`/press/${hiddenSlug('scheduled')}`, f.who.journalist)).statusCode).toBe(404)
  })
})
