import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { buildCountry } from '../../seed/countries.source.js'
import { countryMatcher, nameKey, repairMojibake, type MonitoredCountry } from './indicators.countries.js'
import { INDICATOR_SOURCES, parseIndicatorsCsv } from './indicators.import.js'

/**
 * The quirks of the real files in seed/indicators (README there), each on lines taken from
 * those files; the generic layout and the errors on fictional countries (codes XQ?).
 */
const seedFile = (name: string) => readFileSync(new URL(`../../../seed/indicators/${name}`, import.meta.url), 'utf8')
const FH = seedFile('freedom_house_fiw_1995_2020.csv')
const RSF = seedFile('rsf_press_freedom_2013_2021.csv')
const VDEM = seedFile('vdem_core_indices_demspaces_1968_on.csv')

/** The header and the lines whose text starts with one of the prefixes, as a small file. */
function excerpt(text: string, ...prefixes: string[]): string {
  const [header, ...lines] = text.split(/\r?\n/)
  return [header, ...lines.filter((line) => prefixes.some((p) => line.startsWith(p)))].join('\n') + '\n'
}

const real = (code: string): MonitoredCountry => {
  const country = buildCountry(code, new Map())
  return { code: country.code, alpha2: country.alpha2, names: country.names }
}
const fictional = (code: string, name: string): MonitoredCountry => ({
  code,
  alpha2: null,
  names: { en: name, fr: `${name} (fr)`, ru: `Вымышленная страна ${code}`, ar: `بلد خيالي ${code}` },
})
const matcher = countryMatcher([
  ...['CIV', 'COG', 'COD', 'BOL', 'VNM', 'TUR', 'GBR', 'XKX', 'CYP', 'DEU', 'YEM'].map(real),
  fictional('XQA', 'Fictional Arcadia'),
  fictional('XQB', 'Fictional Borduria'),
])

describe('repairMojibake', () => {
  it('repairs the double-encoded Côte d’Ivoire of the Freedom House file', () => {
    expect(FH).toContain('CÃƒÂ´te dÃ¢â‚¬â„¢Ivoire,')
    expect(repairMojibake('CÃƒÂ´te dÃ¢â‚¬â„¢Ivoire')).toBe('Côte d’Ivoire')
    expect(repairMojibake('CÃ´te dâ€™Ivoire')).toBe('Côte d’Ivoire')
  })

  it('leaves correct text alone, accents included', () => {
    for (const text of ['Türkiye', 'São Tomé and Príncipe', 'Curaçao', 'Côte d’Ivoire', 'Fictional Arcadia', 'Ã']) {
      expect(repairMojibake(text)).toBe(text)
    }
  })

  it('undoes one or two rounds of UTF-8 read as Windows-1252, for any text', () => {
    const bytesAsCp1252 = (text: string) =>
      Array.from(new TextEncoder().encode(text), (b) =>
        b >= 0x80 && b < 0xa0 ? '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'[b - 0x80] : String.fromCharCode(b),
      ).join('')
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        fc.pre(repairMojibake(text) === text)
        expect(repairMojibake(bytesAsCp1252(text))).toBe(text)
        expect(repairMojibake(bytesAsCp1252(bytesAsCp1252(text)))).toBe(text)
      }),
    )
  })
})

describe('countryMatcher', () => {
  it('takes alpha-3 and alpha-2 codes in any case, and names in any of our locales', () => {
    const spellings = [
      'XQA',
      'xqa',
      'Fictional Arcadia',
      'fictional arcadia',
      'Fictional Arcadia (fr)',
      'ВЫМЫШЛЕННАЯ СТРАНА XQA',
      'بلد خيالي XQA',
    ]
    expect(spellings.map((n) => matcher.match(n))).toEqual(Array(spellings.length).fill('XQA'))
    expect(matcher.match('Вымышленная страна XQB')).toBe('XQB')
    expect(['CIV', 'ci', 'XKX', 'XK'].map((n) => matcher.match(n))).toEqual(['CIV', 'CIV', 'XKX', 'XKX'])
  })

  it('knows the UN names Freedom House uses where they differ from ours', () => {
    const names = {
      'Bolivia (Plurinational State of)': 'BOL',
      'Viet Nam': 'VNM',
      Turkey: 'TUR',
      'United Kingdom of Great Britain and Northern Ireland': 'GBR',
      'Democratic Republic of the Congo': 'COD',
      Congo: 'COG', // both Congos in i18n-iso-countries: an explicit alias
    }
    for (const [name, code] of Object.entries(names)) {
      expect(FH).toContain(`\n${name},`)
      expect(matcher.match(name), name).toBe(code)
    }
  })

  it('matches nothing that is not monitored, and no code by a name that contains a monitored one', () => {
    for (const name of ['Hong Kong', 'HKG', 'Northern Cyprus', 'OWID_CYN', 'German Democratic Republic', 'DDR', 'XQZ', '']) {
      expect(matcher.match(name), name).toBeUndefined()
    }
    expect(nameKey('The Gambia')).toBe(nameKey('gambia'))
  })
})

describe('parseIndicatorsCsv, freedom-house', () => {
  it('reads civil liberties by name, the double-encoded Côte d’Ivoire included, as fh_cl', () => {
    const file = excerpt(FH, 'CÃƒÂ´te', 'Congo,')
    const result = parseIndicatorsCsv(file, 'freedom-house', matcher)
    expect(result.errors).toEqual([])
    expect(result.unmatched).toEqual([])
    expect(result.source).toBe(INDICATOR_SOURCES['freedom-house']!.label)
    const civ = result.values.filter((v) => v.countryCode === 'CIV')
    expect(civ).toHaveLength(file.split('\n').filter((l) => l.startsWith('CÃƒÂ´te')).length)
    expect(civ).toHaveLength(26)
    expect(new Set(result.values.map((v) => v.indicator))).toEqual(new Set(['fh_cl']))
    const line = file
      .split('\n')
      .find((l) => l.startsWith('CÃƒÂ´te dÃ¢â‚¬â„¢Ivoire,2020,'))!
      .split(',')
    expect(civ.find((v) => v.year === 2020)?.value).toBe(Number(line[2]))
    expect(result.values.filter((v) => v.countryCode === 'COG')).toHaveLength(26)
  })

  it('reports a name the matcher does not know (here: one of few countries) with its number of rows, and imports the rest', () => {
    const file = excerpt(FH, 'Viet Nam,2019', 'Viet Nam,2020', 'Japan,2019', 'Japan,2020')
    const result = parseIndicatorsCsv(file, 'freedom-house', matcher)
    expect(result.errors).toEqual([])
    expect(result.unmatched).toEqual([{ name: 'Japan', rows: 2 }])
    expect(result.values.map((v) => [v.countryCode, v.year])).toEqual([
      ['VNM', 2019],
      ['VNM', 2020],
    ])
  })

  it('refuses a civil liberties rating outside 1-7', () => {
    const result = parseIndicatorsCsv(
      'country,year,CL,PR,Status\nFictional Arcadia,2020,8,1,F\nXQB,2020,2.5,1,F\n',
      'freedom-house',
      matcher,
    )
    expect(result.errors).toEqual([
      { line: 2, message: 'cl 8 is out of range (a whole number from 1 to 7)' },
      { line: 3, message: 'cl 2.5 is out of range (a whole number from 1 to 7)' },
    ])
  })
})

describe('parseIndicatorsCsv, rsf', () => {
  it('stores the inverted score raw (higher is less free): the methodology rebases it', () => {
    const file = excerpt(RSF, 'Kosovo,', 'Cyprus,')
    const result = parseIndicatorsCsv(file, 'rsf', matcher)
    expect(result.errors).toEqual([])
    const cyprus2021 = file
      .split('\n')
      .find((l) => l.startsWith('Cyprus,CYP,2021,'))!
      .split(',')
    expect(result.values.find((v) => v.countryCode === 'CYP' && v.year === 2021)).toEqual({
      indicator: 'rsf',
      countryCode: 'CYP',
      year: 2021,
      value: Number(cyprus2021[3]),
    })
  })

  it('reads Kosovo from its OWID code, and reports Hong Kong and Northern Cyprus as unmatched', () => {
    const file = excerpt(RSF, 'Kosovo,', 'Hong Kong,', 'Northern Cyprus,')
    expect(file).toContain(',OWID_KOS,')
    const result = parseIndicatorsCsv(file, 'rsf', matcher)
    expect(result.errors).toEqual([])
    expect(result.values.length).toBeGreaterThan(0)
    expect(result.values.every((v) => v.countryCode === 'XKX')).toBe(true)
    expect(result.unmatched).toEqual([
      { name: 'Hong Kong (HKG)', rows: 9 },
      { name: 'Northern Cyprus (OWID_CYN)', rows: 9 },
    ])
  })
})

describe('parseIndicatorsCsv, vdem', () => {
  it('reads both indices from each row, by V-Dem text id, and reports the ids that are not monitored countries', () => {
    const file = excerpt(VDEM, '260,', '265,', '680,', '347,', '816,', '817,')
    const result = parseIndicatorsCsv(file, 'vdem', matcher)
    expect(result.errors).toEqual([])
    expect(result.unmatched).toEqual([
      { name: 'German Democratic Republic (DDR)', rows: 23 },
      { name: 'Republic of Vietnam (VDR)', rows: 8 },
      { name: 'South Yemen (YMD)', rows: 23 },
    ])
    const first = file.split('\n')[1]!.split(',')
    expect(first[4]).toBe('DEU')
    expect(result.values.slice(0, 2)).toEqual([
      { indicator: 'vdem_ccsi', countryCode: 'DEU', year: Number(first[1]), value: Number(first[6]) },
      { indicator: 'vdem_freexp', countryCode: 'DEU', year: Number(first[1]), value: Number(first[8]) },
    ])
    expect(result.values.some((v) => v.countryCode === 'XKX')).toBe(true)
    expect(result.values.some((v) => v.countryCode === 'VNM')).toBe(true)
  })

  it('counts NA as a gap in the data, not an error; anything else must be a number from 0 to 1', () => {
    const header = 'gwcode,year,country_name,country_id,country_text_id,v2xcs_ccsi,v2x_freexp_altinf'
    const ok = parseIndicatorsCsv(`${header}\n1,2020,Fictional Arcadia,1,XQA,NA,0.5\n`, 'vdem', matcher)
    expect(ok).toMatchObject({ errors: [], missing: 1, values: [{ indicator: 'vdem_freexp', countryCode: 'XQA', value: 0.5 }] })
    const bad = parseIndicatorsCsv(`${header}\n1,2020,Fictional Arcadia,1,XQA,1.5,high\n`, 'vdem', matcher)
    expect(bad.errors).toEqual([
      { line: 2, message: 'v2xcs_ccsi 1.5 is out of range (a number from 0 to 1); v2x_freexp_altinf "high" is not a number' },
    ])
  })
})

describe('parseIndicatorsCsv, the generic layout', () => {
  it('reads country,year,indicator,value with codes or names, and records the source name', () => {
    const text =
      'country,year,indicator,value\nXQA,2020,fictional_index,42.5\nxqb,2021,fictional_index,-3\nFictional Arcadia,2021,other,1e2\n'
    const result = parseIndicatorsCsv(text, ' Fictional Survey ', matcher)
    expect(result).toEqual({
      source: 'Fictional Survey',
      errors: [],
      unmatched: [],
      missing: 0,
      values: [
        { indicator: 'fictional_index', countryCode: 'XQA', year: 2020, value: 42.5 },
        { indicator: 'fictional_index', countryCode: 'XQB', year: 2021, value: -3 },
        { indicator: 'other', countryCode: 'XQA', year: 2021, value: 100 },
      ],
    })
  })

  it('reports every malformed line with its number: bad year, not a number, missing column, bad key, duplicate', () => {
    const text = [
      'country,year,indicator,value',
      'XQA,2020,fictional_index,1',
      'XQA,20x0,fictional_index,1',
      'XQA,2020,fictional_index,lots',
      'XQA,2021,fictional_index',
      'XQA,2022,Fictional Index,1',
      'XQB,2020,fictional_index,',
      'XQA,2020,fictional_index,2',
      ',2020,fictional_index,2',
      'Nowhere Land,2020,fictional_index,2',
      'XQA,1850,fictional_index,2',
    ].join('\n')
    const result = parseIndicatorsCsv(text, 'fictional', matcher)
    expect(result.errors).toEqual([
      { line: 3, message: 'bad year "20x0" (use a four-digit year, e.g. 2020)' },
      { line: 4, message: 'value "lots" is not a number' },
      {
        line: 5,
        message: '3 fields but the header has 4: a column is missing or a value with a comma lacks quotes; value is missing',
      },
      { line: 6, message: 'bad indicator "Fictional Index" (use 1 to 40 lowercase letters, digits or underscores, e.g. fh_cl)' },
      { line: 7, message: 'value is missing' },
      { line: 8, message: 'duplicate: line 2 already gives fictional_index for XQA in 2020' },
      { line: 9, message: 'country is missing' },
      { line: 11, message: 'bad year "1850" (use a four-digit year, e.g. 2020)' },
    ])
    expect(result.unmatched).toEqual([{ name: 'Nowhere Land', rows: 1 }])
  })

  it('explains a header that does not fit the source, an empty file and a bad source name', () => {
    expect(parseIndicatorsCsv(FH.slice(0, 200), 'rsf', matcher).errors).toEqual([
      { line: 1, message: 'the header lacks code, score: a file from rsf has the columns code,country,year,score' },
    ])
    expect(parseIndicatorsCsv('', 'fictional', matcher).errors[0]?.message).toMatch(/the file is empty/)
    expect(parseIndicatorsCsv('country,year,indicator,value\n', 'fictional', matcher).errors[0]?.message).toMatch(/no values/)
    expect(parseIndicatorsCsv('country,year,indicator,value\nXQA,2020,x,1\n', '  ', matcher).errors[0]?.message).toMatch(/source name/)
  })
})
