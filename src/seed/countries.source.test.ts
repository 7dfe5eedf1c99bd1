import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { buildCountry, parsePopulation } from './countries.source.js'
import { monitoredCodes } from './seed.js'

const seedFile = (name: string) => readFileSync(new URL(`../../seed/${name}`, import.meta.url), 'utf8')
const population = parsePopulation(seedFile('population_2020_un_wpp_owid_iso3.csv'))
const codes = monitoredCodes(seedFile('civicus_monitor_ratings_2021-03-19.csv'))

describe('population file', () => {
  it('reads CRLF lines and drops aggregates (blank or OWID_ codes)', () => {
    expect(population.get('KAZ')).toEqual({ value: 18776707, year: 2020 })
    expect([...population.keys()].every((code) => /^[A-Z]{3}$/.test(code))).toBe(true)
    expect(population.has('OWID_WRL')).toBe(false)
  })
  it('maps OWID_KOS to Kosovo, XKX', () => {
    expect(population.get('XKX')?.value).toBeGreaterThan(1_000_000)
  })
})

describe('monitored countries', () => {
  const countries = codes.map((code) => buildCountry(code, population))

  it('are 197, with unique ISO alpha-3 codes and slugs', () => {
    expect(countries).toHaveLength(197)
    expect(new Set(countries.map((c) => c.code)).size).toBe(197)
    expect(new Set(countries.map((c) => c.slug)).size).toBe(197)
    expect(countries.every((c) => /^[A-Z]{3}$/.test(c.code) && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(c.slug))).toBe(true)
  })

  it('use XKX for Kosovo, with names from the reference packages', () => {
    const kosovo = countries.find((c) => c.code === 'XKX')
    expect(kosovo).toMatchObject({ alpha2: 'XK', numeric: null, slug: 'kosovo', region: 'Europe' })
    expect(kosovo?.names.ru).toBe('Косово')
  })

  it('have a name in every language and a region', () => {
    for (const country of countries) {
      expect(
        Object.values(country.names).every((name) => name.length > 0),
        country.code,
      ).toBe(true)
      expect(country.region, country.code).not.toBe('')
    }
    expect(countries.find((c) => c.code === 'KAZ')?.names).toMatchObject({ en: 'Kazakhstan', ru: 'Казахстан' })
  })

  it('carry population with its year and source where the data has it', () => {
    const withPopulation = countries.filter((c) => c.population !== null)
    expect(withPopulation.length).toBeGreaterThan(190)
    expect(withPopulation.every((c) => c.population_year === 2020 && c.population_source?.includes('UN World Population Prospects'))).toBe(
      true,
    )
  })
})
