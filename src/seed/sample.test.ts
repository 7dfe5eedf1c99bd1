import { describe, expect, it } from 'vitest'
import { backends } from '../../test/helpers/databases.js'
import { useTestApp } from '../../test/helpers/app.js'
import { seedSample } from './sample.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('the optional sample set on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('loads once, and is labelled "Sample" on every surface where it appears', async () => {
    const { app, database } = t()
    expect(await seedSample(database.db, NOW)).toEqual({ updates: 8, incidents: 16 })
    expect(await seedSample(database.db, NOW)).toBe('present')
    const list = await app.inject('/updates')
    const shown = [...list.body.matchAll(/<li lang="[a-z]{2}" dir="(ltr|rtl)">[\s\S]*?<\/li>/g)].map((m) => m[0])
    expect(shown).toHaveLength(8)
    for (const item of shown) expect(item).toContain('class="sample-badge"')
    const id = /href="\/updates\/(\d+)"/.exec(list.body)![1]!
    expect((await app.inject(`/updates/${id}`)).body).toContain('This is sample content')
    expect((await app.inject('/ru/updates')).body).toContain('Образец')
    const feed = (await app.inject('/updates/feed.atom')).body
    expect(feed.match(/<title>\[Sample\] /g)).toHaveLength(8)
    const api = await app.inject('/api/v1/updates')
    expect(api.json<{ updates: { sample: boolean }[] }>().updates.every((u) => u.sample)).toBe(true)
    expect((await app.inject('/api/v1/incidents')).json<{ incidents: { sample: boolean }[] }>().incidents.every((i) => i.sample)).toBe(true)
    const norway = await app.inject('/countries/norway')
    expect(norway.body).toContain('class="sample-badge"')
    expect(norway.body).not.toContain('<svg class="chart"')
    // The sample author has no password: nobody signs in as it.
    const signIn = await app.inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { email: 'sample.author@example.org', password: '', totp: '' },
    })
    expect(signIn.statusCode).not.toBe(200)
  })
})
