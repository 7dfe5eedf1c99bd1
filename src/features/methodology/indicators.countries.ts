import { createRequire } from 'node:module'
import isoCountries from 'i18n-iso-countries'
import type { Countries } from 'world-countries'

/**
 * Finds our country for the way a third-party file names it: an ISO alpha-3 or alpha-2 code, or a
 * name in any of the spellings the reference packages know (and the names we store per locale).
 * Only monitored countries are indexed, so anything else (Hong Kong, the German Democratic
 * Republic) stays unmatched and is reported. A name the packages give to two countries ("Congo")
 * is ambiguous and needs an entry in INDICATOR_COUNTRY_ALIASES.
 */
const require = createRequire(import.meta.url)
const worldCountries = require('world-countries') as Countries
isoCountries.registerLocale(require('i18n-iso-countries/langs/en.json') as isoCountries.LocaleData)

export interface MonitoredCountry {
  code: string
  alpha2: string | null
  /** Our names per locale (countries.names). */
  names: Record<string, string>
}

export interface CountryMatcher {
  /** Our alpha-3 code for a code or a name, or undefined when it is not a monitored country. */
  match(nameOrCode: string): string | undefined
}

/**
 * Names and codes in the third-party files that neither a code nor the packages' names resolve,
 * keyed by their normalised form (see nameKey). Each was checked against seed/indicators.
 */
export const INDICATOR_COUNTRY_ALIASES: Record<string, string> = {
  // Freedom House uses UN names; "Congo" (the Republic of the Congo) is both Congos in i18n-iso-countries.
  congo: 'COG',
  // RSF via Our World in Data: Kosovo's code.
  'owid kos': 'XKX',
}

export function countryMatcher(countries: MonitoredCountry[]): CountryMatcher {
  const monitored = new Set(countries.map((c) => c.code))
  const byCode = new Map<string, string>()
  const byName = new Map<string, Set<string>>()
  const addName = (name: string | undefined, code: string) => {
    const key = name ? nameKey(name) : ''
    if (key) byName.set(key, (byName.get(key) ?? new Set()).add(code))
  }
  for (const { code, alpha2, names } of countries) {
    byCode.set(code, code)
    if (alpha2) byCode.set(alpha2, code)
    for (const name of Object.values(names)) addName(name, code)
    const iso = alpha2 ? isoCountries.getName(alpha2, 'en', { select: 'all' }) : []
    for (const name of iso ?? []) addName(name, code)
    const reference = worldCountries.find((c) => c.cca3 === code || (alpha2 !== null && c.cca2 === alpha2))
    if (!reference) continue
    addName(reference.name.common, code)
    addName(reference.name.official, code)
    for (const name of reference.altSpellings) if (name.length > 3) addName(name, code)
  }
  const resolve = (nameOrCode: string) => {
    const raw = repairMojibake(nameOrCode).trim()
    const key = nameKey(raw)
    const alias = INDICATOR_COUNTRY_ALIASES[key]
    if (alias) return monitored.has(alias) ? alias : undefined
    if (/^[A-Za-z]{2,3}$/.test(raw)) return byCode.get(raw.toUpperCase())
    const codes = byName.get(key)
    return codes?.size === 1 ? [...codes][0] : undefined
  }
  // A file names each country on many lines: resolve each spelling once.
  const resolved = new Map<string, string | undefined>()
  return {
    match(nameOrCode) {
      if (!resolved.has(nameOrCode)) resolved.set(nameOrCode, resolve(nameOrCode))
      return resolved.get(nameOrCode)
    },
  }
}

/** Case, accents, apostrophes, punctuation and a leading "The" do not tell names apart, in any script. */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/^the /, '')
}

// Windows-1252 bytes 0x80-0x9f (the five it leaves undefined map to themselves, as decoders do).
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ'
// A UTF-8 lead byte (0xc2-0xf4) read as Windows-1252, then a continuation byte (0x80-0xbf) read so.
const MOJIBAKE = /[\u00c2-\u00f4][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]/

/**
 * Undoes UTF-8 read as Windows-1252 and saved again, as often as it happened: the Freedom House
 * file has "CÃƒÂ´te dÃ¢â‚¬â„¢Ivoire" (twice) for "Côte d’Ivoire". Text that is not such a
 * sequence is returned as it is.
 */
export function repairMojibake(text: string): string {
  let current = text
  for (let round = 0; round < 4 && MOJIBAKE.test(current); round++) {
    const bytes: number[] = []
    for (const char of current) {
      const point = char.codePointAt(0) ?? 0
      const high = CP1252_HIGH.indexOf(char)
      if (point < 0x80 || (point >= 0xa0 && point <= 0xff)) bytes.push(point)
      else if (high >= 0) bytes.push(0x80 + high)
      else return current
    }
    try {
      current = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes))
    } catch {
      return current
    }
  }
  return current
}
