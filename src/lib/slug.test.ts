import { describe, expect, it } from 'vitest'
import { slugify } from './slug.js'

describe('slugify', () => {
  it('strips accents and apostrophes', () => {
    expect(slugify("Côte d'Ivoire")).toBe('cote-divoire')
    expect(slugify('São Tomé and Príncipe')).toBe('sao-tome-and-principe')
  })
})
