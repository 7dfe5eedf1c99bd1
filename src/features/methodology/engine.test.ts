import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Freedom } from '../../db/schema.js'
import { CATEGORIES } from '../ratings/scale.js'
import { categoryFor, computeScore, incidentAdjustment, rebase, type AssessmentInput, type EngineInputs } from './engine.js'
import { DEFAULT_METHODOLOGY as M } from './methodology.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

const TRENDS = ['declining', 'stable', 'improving'] as const
const score = fc.integer({ min: 1, max: 100 })
const counts = fc.record({ recent: fc.nat({ max: 500 }), baseline: fc.nat({ max: 500 }) })
const assessment: fc.Arbitrary<AssessmentInput | null> = fc.option(
  fc.record({
    periodEnd: fc.constant('2026-06-30'),
    trend: fc.constantFrom(...TRENDS),
    scores: fc.record({ association: score, assembly: score, expression: score }, { requiredKeys: [] }),
  }),
)
const inputs: fc.Arbitrary<EngineInputs> = fc.record({
  indicators: fc
    .tuple(
      fc.option(fc.double({ min: 1, max: 7, noNaN: true })),
      fc.option(fc.double({ min: 0, max: 100, noNaN: true })),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
    )
    .map(([fh, rsf, ccsi, freexp]) =>
      (
        [
          ['fh_cl', fh],
          ['rsf', rsf],
          ['vdem_ccsi', ccsi],
          ['vdem_freexp', freexp],
        ] as const
      ).flatMap(([key, value]) => (value === null ? [] : [{ key, year: 2025, value }])),
    ),
  analysis: assessment,
  partner: assessment,
  incidents: fc.record({ association: counts, assembly: counts, expression: counts }),
})

const compute = (i: EngineInputs) => computeScore(M, i, '2026-11-25')

describe('rebase', () => {
  it('maps the ends of a scale onto 1 and 100, inverting when lower is freer', () => {
    expect(rebase({ min: 1, max: 7, higherIsFreer: false }, 1)).toBe(100)
    expect(rebase({ min: 1, max: 7, higherIsFreer: false }, 7)).toBe(1)
    expect(rebase({ min: 0, max: 1, higherIsFreer: true }, 0.5)).toBe(50.5)
    expect(rebase({ min: 0, max: 100, higherIsFreer: false }, 150)).toBe(1)
  })
})

describe('categoryFor', () => {
  it('follows the bands at their edges', () => {
    expect([100, 81, 80, 61, 60, 41, 40, 21, 20, 1].map((s) => categoryFor(s, M.bands))).toEqual([
      'open',
      'open',
      'narrowed',
      'narrowed',
      'obstructed',
      'obstructed',
      'repressed',
      'repressed',
      'closed',
      'closed',
    ])
  })

  it('is total and monotonic: a higher score is never a worse category', () => {
    fc.assert(
      fc.property(score, score, (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(CATEGORIES).toContain(categoryFor(low, M.bands))
        expect(CATEGORIES.indexOf(categoryFor(high, M.bands))).toBeLessThanOrEqual(CATEGORIES.indexOf(categoryFor(low, M.bands)))
      }),
    )
  })
})

describe('computeScore', () => {
  it('keeps every score within 1-100 and implies the category of its band', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        const result = compute(i)
        for (const f of result.freedoms) if (f.score !== null) expect(f.score).toBeGreaterThanOrEqual(1)
        for (const f of result.freedoms) if (f.score !== null) expect(f.score).toBeLessThanOrEqual(100)
        if (result.score === null) expect(result.category).toBeNull()
        else {
          expect(result.score).toBeGreaterThanOrEqual(1)
          expect(result.score).toBeLessThanOrEqual(100)
          expect(result.category).toBe(categoryFor(result.score, M.bands))
        }
      }),
    )
  })

  it('gives each freedom weights that add up to 1', () => {
    fc.assert(
      fc.property(inputs, (i) => {
        for (const f of compute(i).freedoms) {
          if (f.items.length > 0) expect(f.items.reduce((sum, item) => sum + item.weight, 0)).toBeCloseTo(1, 2)
        }
      }),
    )
  })

  it('never raises a score when an indicator gets worse', () => {
    fc.assert(
      fc.property(inputs, fc.nat({ max: 3 }), fc.double({ min: 0, max: 1, noNaN: true }), (i, which, amount) => {
        if (i.indicators.length === 0) return
        const target = i.indicators[which % i.indicators.length]!
        const spec = M.indicators.find((s) => s.key === target.key)!
        const step = (spec.max - spec.min) * amount * (spec.higherIsFreer ? -1 : 1)
        const worse = { ...i, indicators: i.indicators.map((x) => (x === target ? { ...x, value: x.value + step } : x)) }
        expectNotHigher(compute(worse), compute(i))
      }),
    )
  })

  it('never raises a score when a coded score falls or a trend worsens', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom<Freedom>(...FREEDOMS), fc.nat({ max: 99 }), fc.boolean(), (i, freedom, drop, partner) => {
        const kind = partner ? 'partner' : 'analysis'
        const before = i[kind]
        if (!before) return
        const current = before.scores[freedom]
        const worseScores = current === undefined ? before.scores : { ...before.scores, [freedom]: Math.max(1, current - drop) }
        const worseTrend = before.trend === 'improving' ? 'stable' : 'declining'
        expectNotHigher(compute({ ...i, [kind]: { ...before, scores: worseScores } }), compute(i))
        expectNotHigher(compute({ ...i, [kind]: { ...before, trend: worseTrend } }), compute(i))
      }),
    )
  })

  it('never raises a score when there are more violations', () => {
    fc.assert(
      fc.property(inputs, fc.constantFrom<Freedom>(...FREEDOMS), fc.nat({ max: 300 }), (i, freedom, more) => {
        const incidents = { ...i.incidents, [freedom]: { ...i.incidents[freedom], recent: i.incidents[freedom].recent + more } }
        expectNotHigher(compute({ ...i, incidents }), compute(i))
      }),
    )
  })

  it('explains itself: each contribution is its rebased value times its weight', () => {
    const result = compute({
      indicators: [
        { key: 'fh_cl', year: 2025, value: 4 },
        { key: 'rsf', year: 2025, value: 30 },
      ],
      analysis: { periodEnd: '2026-06-30', trend: 'stable', scores: { expression: 40 } },
      partner: null,
      incidents: { association: { recent: 0, baseline: 0 }, assembly: { recent: 0, baseline: 0 }, expression: { recent: 9, baseline: 3 } },
    })
    const expression = result.freedoms.find((f) => f.freedom === 'expression')!
    expect(expression.items.map((item) => [item.kind, item.key, item.rebased, item.weight])).toEqual([
      ['indicator', 'fh_cl', 50.5, 0.313],
      ['indicator', 'rsf', 57.6, 0.313],
      ['analysis', '2026-06-30', 40, 0.375],
    ])
    // (12 / 6) doubles the violations: 4 points off.
    expect(expression.incidents.adjustment).toBe(-4)
    expect(expression.score).toBe(Math.round(50.5 * 0.3125 + 57.6 * 0.3125 + 40 * 0.375 - 4))
    expect(result.freedoms.find((f) => f.freedom === 'association')!.score).toBe(51)
  })

  it('has no score without any level input, whatever the incidents', () => {
    const none = { recent: 50, baseline: 0 }
    const result = compute({
      indicators: [],
      analysis: null,
      partner: null,
      incidents: { association: none, assembly: none, expression: none },
    })
    expect(result.score).toBeNull()
    expect(result.category).toBeNull()
  })
})

describe('incidentAdjustment', () => {
  it('is zero at the baseline and capped both ways', () => {
    expect(incidentAdjustment({ recent: 5, baseline: 5 }, M.incidentSignal)).toBe(0)
    expect(incidentAdjustment({ recent: 10_000, baseline: 0 }, M.incidentSignal)).toBe(-M.incidentSignal.maxPoints)
    expect(incidentAdjustment({ recent: 0, baseline: 10_000 }, M.incidentSignal)).toBe(M.incidentSignal.maxPoints)
  })
})

function expectNotHigher(worse: ReturnType<typeof compute>, base: ReturnType<typeof compute>) {
  if (base.score !== null && worse.score !== null) expect(worse.score).toBeLessThanOrEqual(base.score)
  for (const f of worse.freedoms) {
    const b = base.freedoms.find((x) => x.freedom === f.freedom)!
    if (b.score !== null && f.score !== null) expect(f.score).toBeLessThanOrEqual(b.score)
  }
}
