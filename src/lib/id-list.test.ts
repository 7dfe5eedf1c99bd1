import { describe, expect, it } from 'vitest'
import { parseIdList } from './id-list.js'

describe('parseIdList', () => {
  it('reads numbers separated by commas, semicolons or spaces, with an optional #, once each', () => {
    expect(parseIdList('12, 15 #20;12', 50)).toEqual([12, 15, 20])
    expect(parseIdList('  ', 50)).toEqual([])
  })

  it('refuses anything else, and more than the maximum', () => {
    expect(parseIdList('12, fifteen', 50)).toBeNull()
    expect(parseIdList('-3', 50)).toBeNull()
    expect(parseIdList('1 2 3', 2)).toBeNull()
  })
})
