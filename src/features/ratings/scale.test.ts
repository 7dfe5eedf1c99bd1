import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BANDS, CATEGORIES, categoryForScore, scoreFitsCategory, severity } from './scale.js'

describe('rating scale', () => {
  it('maps the band edges of SPEC.md', () => {
    expect([100, 81, 80, 61, 60, 41, 40, 21, 20, 1].map(categoryForScore)).toEqual([
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

  it('is total on 1-100: every score has exactly one category whose band holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), (score) => {
        const category = categoryForScore(score)
        expect(scoreFitsCategory(score, category)).toBe(true)
        expect(CATEGORIES.filter((c) => scoreFitsCategory(score, c))).toEqual([category])
      }),
    )
  })

  it('is monotonic: a higher score never gives a worse category', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 100 }), (a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a]
        expect(severity(categoryForScore(high))).toBeLessThanOrEqual(severity(categoryForScore(low)))
      }),
    )
  })

  it('rejects scores outside 1-100 and fractions', () => {
    for (const bad of [0, 101, -5, 50.5, Number.NaN]) expect(() => categoryForScore(bad)).toThrow(RangeError)
  })

  it('has bands that tile 1-100 without gaps or overlaps', () => {
    const ordered = [...CATEGORIES].reverse().map((c) => BANDS[c])
    expect(ordered[0]?.min).toBe(1)
    expect(ordered.at(-1)?.max).toBe(100)
    ordered.slice(1).forEach((band, i) => expect(band.min).toBe((ordered[i]?.max ?? 0) + 1))
  })
})
