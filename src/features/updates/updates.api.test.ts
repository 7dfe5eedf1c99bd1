import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, termId } from '../../../test/helpers/factories.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import type { UpdateDraft } from './update-form.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('the public updates API on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  const publish = (draft: Partial<UpdateDraft> & { countryCode: string }, status: 'published' | 'draft' | 'scheduled' = 'published') =>
    makeUpdate(t().database.db, draft, { now: NOW, status, publishAt: status === 'scheduled' ? new Date('2031-01-01T00:00:00Z') : NOW })

  it('gives published updates with public incident fields only, and nothing unpublished', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const censorship = await termId(database.db, 'violation', 'censorship')
    const incident = {
      occurredOn: '2030-05-02',
      precision: 'day' as const,
      latitude: 59.9,
      longitude: 10.7,
      freedom: 'expression' as const,
      typeId: censorship,
      victimId: null,
      perpetratorId: null,
      counts: { affected: 1, killed: null, injured: null, detained: null, charged: null },
    }
    const id = await publish({
      countryCode: code,
      title: 'Fictional newspaper closed',
      incidents: [
        { ...incident, locality: 'Fictional Harbour', sensitivity: 'public', restrictedNotes: 'Editor home: Fictional Lane 9' },
        {
          ...incident,
          locality: 'Hidden Fictional Village',
          sensitivity: 'restricted',
          restrictedNotes: 'Source: Fictional Whistleblower',
        },
      ],
    })
    const draft = await publish({ countryCode: code, title: 'Fictional draft never public' }, 'draft')
    const scheduled = await publish({ countryCode: code, title: 'Fictional scheduled not yet' }, 'scheduled')

    const list = await app.inject(`/api/v1/updates?country=${code}`)
    expect(list.statusCode).toBe(200)
    expect(list.json()).toMatchObject({ updates: [{ id, title: 'Fictional newspaper closed', country: code }], next: null })
    const item = await app.inject(`/api/v1/updates/${id}`)
    expect(item.json()).toMatchObject({
      id,
      incidents: [
        { locality: 'Fictional Harbour', type: 'censorship' },
        { locality: null, latitude: null },
      ],
    })
    const incidents = await app.inject(`/api/v1/incidents?country=${code}&type=censorship`)
    expect(incidents.json<{ incidents: unknown[] }>().incidents).toHaveLength(2)
    for (const res of [list, item, incidents]) {
      for (const secret of [
        'Fictional Lane 9',
        'Fictional Whistleblower',
        'Hidden Fictional Village',
        'restricted',
        'never public',
        'not yet',
      ])
        expect(res.body).not.toContain(secret)
    }
    for (const hidden of [draft, scheduled]) expect((await app.inject(`/api/v1/updates/${hidden}`)).statusCode).toBe(404)
  })

  it('finds Russian word forms with Russian stemming', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    const id = await publish({
      countryCode: code,
      language: 'ru',
      title: 'Вымышленные протестующие задержаны',
      body: 'Полиция задержала протестующих у вымышленной площади.',
    })
    const found = await app.inject(`/api/v1/updates?q=${encodeURIComponent('протестующий')}`)
    expect(found.json<{ updates: { id: number }[] }>().updates.map((u) => u.id)).toContain(id)
    const english = await app.inject(`/api/v1/updates?q=${encodeURIComponent('протестующий')}&language=en`)
    expect(english.json<{ updates: unknown[] }>().updates).toEqual([])
  })

  it('pages with an opaque cursor and refuses a forged one', async () => {
    const { app, database } = t()
    const { code } = await createCountry(database.db)
    await publish({ countryCode: code })
    const bad = await app.inject('/api/v1/updates?cursor=not-a-cursor')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_request' } })
    expect((await app.inject('/api/v1/updates?freedom=liberty')).statusCode).toBe(400)
  })
})
