import { createRequire } from 'node:module'
import countries from 'i18n-iso-countries'
import type { Countries } from 'world-countries'
import { parse } from 'csv-parse/sync'
import type { Insertable } from 'kysely'
import { NAME_LOCALES, type NameLocale } from '../lib/i18n.js'
import { slugify } from '../lib/slug.js'
import type { CountriesTable } from '../db/schema.js'

/**
 * Builds the monitored countries from the reference packages (codes, names in every language,
 * region, centroid, area) and the population file. Nothing here is typed by hand except the
 * code we use for Kosovo, which has no ISO alpha-3 code.
 */
const require = createRequire(import.meta.url)
const worldCountries = require('world-countries') as Countries
for (const locale of NAME_LOCALES) countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`) as countries.LocaleData)

export const KOSOVO = { code: 'XKX', alpha2: 'XK' }

/** A countries row as the seed builds it: every column, names as an object. */
export type CountrySeed = Required<Omit<Insertable<CountriesTable>, 'names' | 'created_at'>> & { names: Record<NameLocale, string> }

export interface Population {
  value: number
  year: number
}
export const POPULATION_SOURCE = 'UN World Population Prospects 2019, via Our World in Data (CC BY 4.0)'

export function buildCountry(code: string, population: Map<string, Population>): CountrySeed {
  const alpha2 = code === KOSOVO.code ? KOSOVO.alpha2 : (countries.alpha3ToAlpha2(code) ?? null)
  const entry = worldCountries.find((c) => c.cca3 === code || (alpha2 !== null && c.cca2 === alpha2))
  if (!entry || !alpha2) throw new Error(`No reference data for country code ${code}`)
  const english = entry.name.common
  const names = Object.fromEntries(
    NAME_LOCALES.map((locale) => [locale, locale === 'en' ? english : (countries.getName(alpha2, locale) ?? english)]),
  ) as Record<NameLocale, string>
  const people = population.get(code)
  const [latitude = 0, longitude = 0] = entry.latlng
  return {
    code,
    alpha2,
    numeric: entry.ccn3 || null,
    slug: slugify(english),
    names,
    region: entry.region,
    subregion: entry.subregion || null,
    latitude,
    longitude,
    area_km2: entry.area > 0 ? entry.area : null,
    population: people?.value ?? null,
    population_year: people?.year ?? null,
    population_source: people ? POPULATION_SOURCE : null,
  }
}


/** Reads the UN WPP population file: CRLF lines, aggregates without a code or with an OWID_ code. */
export function parsePopulation(text: string): Map<string, Population> {
  const rows = parse<Record<string, string>>(text, { bom: true, columns: true, skip_empty_lines: true })
  const byCode = new Map<string, Population>()
  for (const row of rows) {
    const iso = (row.iso_code ?? '').trim()
    const code = iso === 'OWID_KOS' ? KOSOVO.code : iso
    if (!/^[A-Z]{3}$/.test(code)) continue
    const value = Number(row.population)
    const year = Number(row.year)
    if (Number.isFinite(value) && Number.isInteger(year)) byCode.set(code, { value, year })
  }
  return byCode
}
