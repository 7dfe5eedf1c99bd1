import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import { csvField, findingsCsv } from './findings.csv.js'
import type { FindingsResponse } from './findings.schema.js'
import { asOfFor, defaultFindingsYear, directionOf, findingsYears, mostCommon, populationShares, SHARE_KEYS } from './findings.stats.js'

const sum = (shares: Record<string, number>) => Object.values(shares).reduce((a, b) => a + b, 0)
const hundredths = (n: number) => Math.abs(n * 100 - Math.round(n * 100)) < 1e-9

describe('findings years', () => {
  it('run from the year of the first rating to the current year, newest first', () => {
    expect(findingsYears('2021-03-19', '2024-02-01')).toEqual([2024, 2023, 2022, 2021])
    expect(findingsYears('2024-01-01', '2024-02-01')).toEqual([2024])
    expect(findingsYears(null, '2024-02-01')).toEqual([2024])
    // A rating dated after today does not make a future year.
    expect(findingsYears('2031-01-01', '2024-02-01')).toEqual([2024])
  })

  it('default to the latest year that has ended, else the current year to date', () => {
    expect(defaultFindingsYear([2024, 2023, 2022, 2021], '2024-02-01')).toBe(2023)
    expect(defaultFindingsYear([2024], '2024-02-01')).toBe(2024)
  })

  it('draw a year as of its last day, or today while it runs', () => {
    expect(asOfFor(2021, '2024-02-01')).toEqual({ asOf: '2021-12-31', complete: true })
    expect(asOfFor(2024, '2024-02-01')).toEqual({ asOf: '2024-02-01', complete: false })
    expect(asOfFor(2024, '2024-12-31')).toEqual({ asOf: '2024-12-31', complete: true })
  })
})

describe('population shares', () => {
  it('count unrated countries in the denominator, as their own share', () => {
    const shares = populationShares([
      { category: 'open', population: 300 },
      { category: 'closed', population: 100 },
      { category: null, population: 100 },
      { category: 'narrowed', population: null },
    ])
    expect(shares).toEqual({ open: 60, narrowed: 0, obstructed: 0, repressed: 0, closed: 20, unrated: 20 })
  })

  it('round to two decimals by largest remainder, so thirds still add up to 100', () => {
    const shares = populationShares([
      { category: 'open', population: 1 },
      { category: 'narrowed', population: 1 },
      { category: 'obstructed', population: 1 },
    ])
    expect(shares.open + shares.narrowed + shares.obstructed).toBeCloseTo(100, 9)
    expect([shares.open, shares.narrowed, shares.obstructed].sort()).toEqual([33.33, 33.33, 33.34])
  })

  it('are all 0 when nobody is counted', () => {
    expect(Object.values(populationShares([{ category: 'open', population: 0 }]))).toEqual([0, 0, 0, 0, 0, 0])
    expect(sum(populationShares([]))).toBe(0)
  })

  it('always add up to exactly 100 with two decimals each, for any populations', () => {
    const country = fc.record({
      category: fc.constantFrom<Category | null>(...CATEGORIES, null),
      population: fc.option(fc.integer({ min: 0, max: 1_500_000_000 })),
    })
    fc.assert(
      fc.property(fc.array(country, { maxLength: 200 }), (countries) => {
        const shares = populationShares(countries)
        const people = countries.reduce((s, c) => s + (c.population ?? 0), 0)
        expect(Object.keys(shares)).toEqual([...SHARE_KEYS])
        for (const value of Object.values(shares)) {
          expect(value).toBeGreaterThanOrEqual(0)
          expect(hundredths(value)).toBe(true)
        }
        if (people > 0) expect(Math.round(sum(shares) * 100)).toBe(10_000)
        else expect(sum(shares)).toBe(0)
      }),
    )
  })
})

describe('change direction', () => {
  it('is an upgrade towards open, a downgrade towards closed, nothing within a category', () => {
    expect(directionOf('obstructed', 'repressed')).toBe('downgrade')
    expect(directionOf('closed', 'open')).toBe('upgrade')
    expect(directionOf('narrowed', 'narrowed')).toBeNull()
  })
})

describe('mostCommon', () => {
  it('picks the most frequent value, ignoring nulls', () => {
    expect(mostCommon([2020, null, 2019, 2020])).toBe(2020)
    expect(mostCommon([null])).toBeNull()
  })
})

describe('findings CSV', () => {
  it('quotes fields and defuses spreadsheet formulas', () => {
    expect(csvField('plain')).toBe('plain')
    expect(csvField('a, "b"')).toBe('"a, ""b"""')
    expect(csvField('=SUM(A1)')).toBe("'=SUM(A1)")
    expect(csvField(null)).toBe('')
    expect(csvField(12.5)).toBe('12.5')
  })

  it('holds every number of the API answer, one row each', () => {
    const findings: FindingsResponse = {
      year: 2029,
      asOf: '2029-12-31',
      totals: { open: 1, narrowed: 2, obstructed: 3, repressed: 4, closed: 5 },
      unrated: 6,
      populationShare: { open: 10, narrowed: 20, obstructed: 30, repressed: 20, closed: 10, unrated: 10 },
      populationYear: 2020,
      populationSource: 'Fictional census, 2020',
      changes: [],
      topViolations: { byCountries: [{ type: 'censorship', label: 'Censorship', countries: 2, incidents: 3 }], byIncidents: [] },
      perFreedom: {
        association: { updates: 1, incidents: 0 },
        assembly: { updates: 0, incidents: 0 },
        expression: { updates: 2, incidents: 3 },
      },
    }
    const lines = findingsCsv(findings, 'https://civic-monitor.test/findings/2029').split('\r\n')
    expect(lines[0]).toBe('section,key,value,detail')
    expect(lines).toContain('countries,closed,5,')
    expect(lines).toContain('countries,unrated,6,')
    expect(lines).toContain('population_share_percent,obstructed,30,')
    expect(lines).toContain('population,source,"Fictional census, 2020",')
    expect(lines).toContain('top_violations_by_countries,censorship,2,Censorship')
    expect(lines).toContain('incidents_per_freedom,expression,3,')
  })
})
