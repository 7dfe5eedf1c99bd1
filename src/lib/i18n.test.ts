import { describe, expect, it } from 'vitest'
import { catalogs, DEFAULT_LOCALE, formatDate, LOCALES, translator } from './i18n.js'

const source = catalogs[DEFAULT_LOCALE]
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()
const texts = (entry: unknown): string[] => (typeof entry === 'string' ? [entry] : Object.values(entry as Record<string, string>))

describe('locale catalogs', () => {
  for (const locale of LOCALES.filter((l) => l !== DEFAULT_LOCALE)) {
    it(`${locale} has exactly the keys of ${DEFAULT_LOCALE}`, () => {
      const catalog = catalogs[locale]
      expect(
        Object.keys(source).filter((k) => !(k in catalog)),
        'missing keys',
      ).toEqual([])
      expect(
        Object.keys(catalog).filter((k) => !(k in source)),
        'unknown keys',
      ).toEqual([])
    })

    it(`${locale} keeps the placeholders and has every plural form the language needs`, () => {
      const forms = new Intl.PluralRules(locale).resolvedOptions().pluralCategories
      for (const [key, entry] of Object.entries(catalogs[locale])) {
        const expected = placeholders(texts(source[key])[0] ?? '')
        for (const text of texts(entry)) expect(placeholders(text), `${locale} ${key}`).toEqual(expected)
        if (typeof entry !== 'string') expect(Object.keys(entry).sort(), `${locale} ${key}`).toEqual([...forms].sort())
      }
    })

    it(`${locale} is translated, not copied (most strings differ from English)`, () => {
      const same = Object.keys(source).filter((k) => JSON.stringify(source[k]) === JSON.stringify(catalogs[locale][k]))
      expect(same.length).toBeLessThan(Object.keys(source).length / 10)
    })
  }
})

describe('translator', () => {
  it('fills placeholders and picks plural forms', () => {
    const ru = translator('ru')
    expect(ru('home.ratedCount', { count: 1 })).toBe('Оценена 1 страна или территория.')
    expect(ru('home.ratedCount', { count: 3 })).toBe('Оценены 3 страны и территории.')
    expect(ru('home.ratedCount', { count: 196 })).toBe('Оценены 196 стран и территорий.')
    expect(translator('en')('home.ratedCount', { count: 1 })).toBe('1 country or territory rated.')
  })

  it('formats dates without shifting the day', () => {
    expect(formatDate('en', '2021-03-19')).toBe('March 19, 2021')
    expect(formatDate('ru', '2021-03-19')).toBe('19 марта 2021 г.')
  })
})
