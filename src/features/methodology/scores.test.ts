import { describe, expect, it } from 'vitest'
import { backends } from '../../../test/helpers/databases.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { createCountry, createUser, termId } from '../../../test/helpers/factories.js'
import { makeUpdate } from '../../../test/helpers/updates.js'
import { DEFAULT_METHODOLOGY as M } from './methodology.js'
import { computeScores, monthsBefore } from './scores.service.js'

const NOW = new Date('2030-06-01T12:00:00Z')

describe.each(backends)('computing scores from the database on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db

  it('uses the latest recent-enough indicator, the latest assessment of each kind, and published violations only', async () => {
    const { code } = await createCountry(db())
    await db()
      .insertInto('indicator_values')
      .values([
        { indicator: 'fh_cl', country_code: code, year: 2026, value: 7, source: 'fictional' },
        { indicator: 'fh_cl', country_code: code, year: 2029, value: 4, source: 'fictional' },
        { indicator: 'fh_cl', country_code: code, year: 2031, value: 1, source: 'fictional (future)' },
        { indicator: 'rsf', country_code: code, year: 2020, value: 10, source: 'fictional (too old)' },
      ])
      .execute()
    const author = await createUser(db(), { roles: ['editor'] })
    const assessment = { country_code: code, trend: 'declining' as const, justification: 'Fictional.', author_id: author.id }
    await db()
      .insertInto('assessments')
      .values([
        {
          ...assessment,
          kind: 'analysis',
          period_start: '2029-01-01',
          period_end: '2029-06-30',
          association: 30,
          assembly: null,
          expression: null,
        },
        {
          ...assessment,
          kind: 'analysis',
          period_start: '2029-07-01',
          period_end: '2029-12-31',
          association: 40,
          assembly: null,
          expression: null,
        },
        {
          ...assessment,
          kind: 'analysis',
          period_start: '2030-06-01',
          period_end: '2030-12-31',
          association: 90,
          assembly: null,
          expression: null,
        },
      ])
      .execute()
    const killing = await termId(db(), 'violation', 'killing')
    const release = await termId(db(), 'positive', 'release')
    const incident = (date: string, type = killing) => ({
      occurredOn: date,
      precision: 'day' as const,
      locality: null,
      latitude: null,
      longitude: null,
      freedom: 'assembly' as const,
      typeId: type,
      victimId: null,
      perpetratorId: null,
      counts: { affected: null, killed: 1, injured: null, detained: null, charged: null },
      sensitivity: 'public' as const,
      restrictedNotes: null,
    })
    await makeUpdate(
      db(),
      { countryCode: code, incidents: [incident('2030-01-10'), incident('2030-02-10', release), incident('2028-03-01')] },
      { now: NOW },
    )
    await makeUpdate(db(), { countryCode: code, incidents: [incident('2030-03-03')] }, { now: NOW, status: 'submitted' })

    const table = await computeScores(db(), M, ['2030-06-01'], [code])
    const result = table.get('2030-06-01')!.get(code)!
    const association = result.freedoms.find((f) => f.freedom === 'association')!
    expect(association.items.map((i) => [i.kind, i.raw, i.year ?? i.key])).toEqual([
      ['indicator', 4, 2029],
      ['analysis', 40, '2029-12-31'],
    ])
    // One killing (5) + one person killed (1) in the last year; one more in the three years before.
    const assembly = result.freedoms.find((f) => f.freedom === 'assembly')!
    expect(assembly.incidents.recent).toBe(6)
    expect(assembly.incidents.baseline).toBe(2)
    expect(assembly.incidents.adjustment).toBeLessThan(0)
    expect(result.freedoms.find((f) => f.freedom === 'expression')!.items.map((i) => i.key)).toEqual(['fh_cl'])
  })

  it('counts months back from the date', () => {
    expect(monthsBefore('2030-06-01', 12)).toBe('2029-06-01')
    expect(monthsBefore('2030-12-31', 48)).toBe('2026-12-31')
  })
})
