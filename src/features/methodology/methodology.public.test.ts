import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { ensureMethodologyInForce } from '../../../test/helpers/methodology.js'
import { translator } from '../../lib/i18n.js'
import { listTerms } from '../updates/updates.queries.js'
import { methodologyInForce } from './methodology.queries.js'
import { describeQuorum } from './methodology.public.views.js'
import { createDraft, publishDraft, saveDraft } from './methodology.service.js'

const NOW = new Date('2030-06-01T12:00:00Z')
const SEED = { name: 'seed' }

describe('describeQuorum', () => {
  it('says the rule as a sentence, with the plural the language needs', () => {
    expect(describeQuorum(translator('en'), { minVotes: 1, approvalShare: 0.5 })).toBe(
      'A decision needs at least 1 vote (panelists who have declared a conflict of interest do not vote), and more than 50% of the votes cast must approve it.',
    )
    expect(describeQuorum(translator('en'), { minVotes: 3, approvalShare: 2 / 3 })).toContain('at least 3 votes')
    expect(describeQuorum(translator('en'), { minVotes: 3, approvalShare: 2 / 3 })).toContain('more than 66.7% of the votes')
    expect(describeQuorum(translator('ru'), { minVotes: 5, approvalShare: 0.5 })).toContain('не менее 5 голосов')
    expect(describeQuorum(translator('fr'), { minVotes: 2, approvalShare: 0.6 })).toContain('au moins 2 votes')
  })
})

describe.each(backends)('public methodology on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })

  it('shows the version in force, keeps older ones readable, never shows a draft', async () => {
    const { app, database } = t()
    const db = database.db
    await ensureMethodologyInForce(db)
    const old = (await methodologyInForce(db))!
    const first = await app.inject({ url: '/methodology' })
    expect(first.statusCode).toBe(200)
    expect(first.body).toContain(old.label)

    const created = await createDraft(db, { label: 'fictional-next', fromId: old.id }, SEED)
    const config = {
      ...old.config,
      quorum: { minVotes: 4, approvalShare: 0.6 },
      incidentSignal: { ...old.config.incidentSignal, severity: { killing: 7 } },
    }
    expect(await saveDraft(db, created, config, 'Fictional notes with **emphasis**.', SEED)).toBe('done')
    await expect(createDraft(db, { label: 'fictional-unpublished', fromId: old.id }, SEED)).resolves.toBeTypeOf('number')
    // A draft changes nothing in public.
    expect((await app.inject({ url: '/methodology' })).body).not.toContain('fictional-next')
    expect(await publishDraft(db, created, NOW, SEED)).toBe('done')

    const page = await app.inject({ url: '/methodology' })
    expect(page.statusCode).toBe(200)
    expect(page.headers['cache-control']).toContain('public')
    const killing = (await listTerms(db)).find((term) => term.vocabulary === 'violation' && term.key === 'killing')
    for (const text of [
      'fictional-next',
      'June 1, 2030',
      'at least 4 votes',
      'more than 60% of the votes cast',
      'People can associate, assemble and speak without fear of reprisal.',
      '1 + 99 × (7 − x) ÷ (7 − 1)'.replace(/ /g, '\u00a0'),
      'Fictional notes with <strong>emphasis</strong>.',
      'CC BY-SA 4.0',
      'Our World in Data',
      killing ? killing.labels.en : 'killing',
      `href="/methodology/${old.label}"`,
    ])
      expect(page.body).toContain(text)
    expect(page.body).not.toContain('fictional-unpublished')
    expect(page.body).toContain('aria-current="page">Methodology')

    const older = await app.inject({ url: `/methodology/${old.label}` })
    expect(older.statusCode).toBe(200)
    expect(older.body).toContain('This is an earlier version of the methodology')
    expect(older.body).toContain('at least 3 votes')
    expect((await app.inject({ url: '/methodology/fictional-unpublished' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/methodology/fictional-never' })).statusCode).toBe(404)
    expect((await app.inject({ url: '/methodology/%00' })).statusCode).toBe(400)
    expect((await app.inject({ url: '/api/v1/methodology/%00' })).statusCode).toBe(400)

    const russian = await app.inject({ url: '/ru/methodology' })
    expect(russian.body).toContain('Методология')
    expect(russian.body).toContain('не менее 4 голосов')
    expect((await app.inject({ url: '/ar/methodology' })).body).toContain('dir="rtl"')

    const api = await app.inject({ url: '/api/v1/methodology' })
    expect(api.statusCode).toBe(200)
    expect(api.json()).toMatchObject({ label: 'fictional-next', publishedAt: NOW.toISOString(), config: { quorum: { minVotes: 4 } } })
    expect(api.json<{ config: { incidentSignal: { severity: unknown } } }>().config.incidentSignal.severity).toEqual({ killing: 7 })
    const olderApi = await app.inject({ url: `/api/v1/methodology/${old.label}` })
    expect(olderApi.json()).toMatchObject({ label: old.label, config: old.config })
    const draftApi = await app.inject({ url: '/api/v1/methodology/fictional-unpublished' })
    expect(draftApi.statusCode).toBe(404)
    expect(draftApi.json<{ error: { code: string } }>().error.code).toBe('not_found')

    const sitemap = await app.inject({ url: '/sitemap.xml' })
    expect(sitemap.body).toContain('<loc>http://civic-monitor.test/methodology</loc>')
    expect(sitemap.body).toContain(`<loc>http://civic-monitor.test/fr/methodology/${old.label}</loc>`)
    expect(sitemap.body).not.toContain('/methodology/fictional-next<')
    expect(sitemap.body).not.toContain('fictional-unpublished')
    const docs = await app.inject({ url: '/api/v1/openapi.json' })
    expect(Object.keys(docs.json<{ paths: object }>().paths)).toEqual(
      expect.arrayContaining(['/api/v1/methodology', '/api/v1/methodology/{label}']),
    )
  })
})
