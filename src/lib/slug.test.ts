import { describe, expect, it } from 'vitest'
import { slugify } from './slug.js'

describe('slugify', () => {
  it('strips accents and apostrophes', () => {
    expect(slugify("Côte d'Ivoire")).toBe('cote-divoire')
    expect(slugify('São Tomé and Príncipe')).toBe('sao-tome-and-principe')
  })

  it('spells out compatibility characters instead of dropping them', () => {
    expect(slugify('ĳsselmeer ﬁeld')).toBe('ijsselmeer-field')
  })

  it('can make apostrophes a break and cut the slug at a length, never at a hyphen', () => {
    expect(slugify("Côte d'Ivoire", { apostrophes: 'split' })).toBe('cote-d-ivoire')
    expect(slugify('abc def', { maxLength: 4 })).toBe('abc')
    expect(slugify('Вымышленная Аркадия', { maxLength: 80 })).toBe('')
  })
})
