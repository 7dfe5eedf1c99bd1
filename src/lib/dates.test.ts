import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isIsoDate, isoDate } from './dates.js'

describe('isIsoDate', () => {
  it('accepts real calendar days, leap days included', () => {
    for (const d of ['2021-03-19', '2024-02-29', '2000-02-29', '1999-12-31']) expect(isIsoDate(d)).toBe(true)
  })
  it('rejects impossible days and other shapes', () => {
    for (const d of [
      '2021-02-29',
      '1900-02-29',
      '2021-13-01',
      '2021-00-10',
      '2021-04-31',
      '21-03-19',
      '2021-3-19',
      '2021-03-19T00:00',
      '',
      'yesterday',
    ]) {
      expect(isIsoDate(d), d).toBe(false)
    }
  })
  it('round-trips every day it formats', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), (date) => {
        expect(isIsoDate(isoDate(date))).toBe(true)
      }),
    )
  })
})
