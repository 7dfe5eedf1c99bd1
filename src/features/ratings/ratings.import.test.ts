import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseRatingsCsv, type KnownCountries } from './ratings.import.js'

const known = (codes: string[], existing: string[] = []): KnownCountries => ({
  resolve: (code) => (codes.includes(code.toUpperCase()) ? code.toUpperCase() : undefined),
  hasRating: (code, date) => existing.includes(`${code} ${date}`),
})
const TODAY = '2030-06-01'
const parse = (text: string, k = known(['XQA', 'XQB', 'XQC'])) => parseRatingsCsv(text, k, TODAY, 'test source')

describe('parseRatingsCsv, our layout', () => {
  it('reads good lines with optional score and source', () => {
    const result = parse('country,category,effective_date,score,source\nXQA,Open,2030-01-01,90,Panel\nxqb,closed,2030-01-01,,\n')
    expect(result.errors).toEqual([])
    expect(result.rows).toEqual([
      { line: 2, countryCode: 'XQA', category: 'open', score: 90, effectiveDate: '2030-01-01', source: 'Panel' },
      { line: 3, countryCode: 'XQB', category: 'closed', score: null, effectiveDate: '2030-01-01', source: 'test source' },
    ])
  })

  it('reports every bad line with its number and the reason', () => {
    const text = [
      'country,category,effective_date,score',
      'XZZ,open,2030-01-01,',
      'XQA,flourishing,2030-01-01,',
      'XQA,open,2030-02-30,',
      'XQA,open,01/02/2030,',
      'XQA,open,2031-01-01,',
      'XQA,open,2030-01-01,20',
      'XQA,open,2030-01-01,abc',
      'XQB,open,2030-01-01,',
      'XQB,narrowed,2030-01-01,',
      ',,,',
    ].join('\n')
    const { errors, rows } = parse(text)
    expect(rows.map((r) => r.line)).toEqual([9])
    expect(errors.map((e) => e.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 10, 11])
    const at = (line: number) => errors.find((e) => e.line === line)?.message ?? ''
    expect(at(2)).toMatch(/unknown country "XZZ"/)
    expect(at(3)).toMatch(/unknown category "flourishing"/)
    expect(at(4)).toMatch(/bad date "2030-02-30"/)
    expect(at(5)).toMatch(/bad date "01\/02\/2030"/)
    expect(at(6)).toMatch(/in the future/)
    expect(at(7)).toMatch(/score 20 does not fit category open \(81-100\)/)
    expect(at(8)).toMatch(/bad score "abc"/)
    expect(at(10)).toMatch(/duplicate: XQB already has a rating on 2030-01-01 at line 9/)
    expect(at(11)).toMatch(/country is missing/)
  })

  it('reports a rating that the database already holds', () => {
    const { errors } = parse('country,category,effective_date\nXQA,open,2030-01-01\n', known(['XQA'], ['XQA 2030-01-01']))
    expect(errors).toEqual([{ line: 2, message: 'duplicate: XQA already has a rating on 2030-01-01 in the database' }])
  })

  it('counts physical lines, including quoted fields that span lines', () => {
    const { rows, errors } = parse('country,category,effective_date,source\nXQA,open,2030-01-01,"two\nlines"\nXQB,bogus,2030-01-01,x\n')
    expect(rows[0]).toMatchObject({ line: 2, source: 'two\nlines' })
    expect(errors[0]?.line).toBe(4)
  })

  it('handles a byte-order mark and CRLF line endings', () => {
    const { rows, errors } = parse('\uFEFFcountry,category,effective_date\r\nXQA,open,2030-01-01\r\n')
    expect(errors).toEqual([])
    expect(rows).toHaveLength(1)
  })

  it('refuses an unknown header, an empty file and a header without rows', () => {
    expect(parse('code,rating,date\nXQA,open,2030-01-01\n').errors[0]?.message).toMatch(/unknown header/)
    expect(parse('').errors[0]?.message).toMatch(/empty/)
    expect(parse('country,category,effective_date\n').errors[0]?.message).toMatch(/no ratings/)
  })

  it('refuses a malformed CSV with the line where it breaks', () => {
    const unclosed = parse('country,category,effective_date\nXQA,open,2030-01-01\nXQB,"open,2030-01-01\n')
    expect(unclosed.errors).toHaveLength(1)
    expect(unclosed.errors[0]?.message).toMatch(/not a readable CSV/)
    expect(unclosed.errors[0]?.line).toBeGreaterThanOrEqual(3)
    const junk = parse('country,category,effective_date\nXQA,open,2030-01-01\nXQB,"open"x,2030-01-01\n')
    expect(junk.errors[0]?.line).toBe(3)
  })

  it('refuses a line with more fields than the header instead of dropping the extra', () => {
    const { errors, rows } = parse('country,category,effective_date,score,source\nXQA,open,2030-01-01,,Panel, 2030 update\n')
    expect(rows).toEqual([])
    expect(errors).toEqual([{ line: 2, message: '6 fields but the header has 5: put quotes around values that contain commas' }])
  })
})

describe('parseRatingsCsv, the CIVICUS snapshot in seed', () => {
  const snapshot = readFileSync(new URL('../../../seed/civicus_monitor_ratings_2021-03-19.csv', import.meta.url), 'utf8')
  const codes = snapshot
    .split(/\r?\n/)
    .slice(1)
    .filter(Boolean)
    .map((l) => l.split(',')[0] ?? '')
  const realCodes = [...codes.filter((c) => /^[A-Z]{3}$/.test(c) && c !== 'SVT'), 'XKX', 'VCT']

  it('matches every key to a country, with kosovo as XKX and SVT as VCT', () => {
    const result = parseRatingsCsv(snapshot, known(realCodes), '2026-01-01', 'CIVICUS')
    expect(result.errors).toEqual([])
    expect(result.rows).toHaveLength(196)
    expect(result.rows.find((r) => r.countryCode === 'XKX')?.category).toBe('narrowed')
    expect(result.rows.find((r) => r.countryCode === 'VCT')?.category).toBe('open')
    expect(result.rows.every((r) => r.effectiveDate === '2021-03-19' && r.source === 'CIVICUS')).toBe(true)
  })

  it('skips Greenland, monitored but not rated (fillKey None), and says so', () => {
    const result = parseRatingsCsv(snapshot, known(realCodes), '2026-01-01', 'CIVICUS')
    expect(result.skipped).toEqual([{ line: 68, message: 'GRL is monitored but not rated in this file; no rating imported' }])
  })

  it('matches on the code, not the misspelt slugs', () => {
    const result = parseRatingsCsv(snapshot, known(realCodes), '2026-01-01', 'CIVICUS')
    expect(snapshot).toContain('luzembourg')
    expect(result.rows.find((r) => r.countryCode === 'LUX')?.category).toBe('open')
    expect(result.rows.find((r) => r.countryCode === 'SWZ')).toBeDefined()
  })

  it('counts match the published figures: 23 closed, 44 repressed, 47 obstructed, 40 narrowed, 42 open', () => {
    const { rows } = parseRatingsCsv(snapshot, known(realCodes), '2026-01-01', 'CIVICUS')
    const count = (c: string) => rows.filter((r) => r.category === c).length
    expect([count('closed'), count('repressed'), count('obstructed'), count('narrowed'), count('open')]).toEqual([23, 44, 47, 40, 42])
  })
})
