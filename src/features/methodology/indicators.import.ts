import { readCsvRecords, type LineProblem } from '../../lib/csv-records.js'
import { repairMojibake, type CountryMatcher } from './indicators.countries.js'

/**
 * Reads a third-party indicator file and checks every line before anything is written.
 *
 * Known sources have adapters for the files in seed/indicators (see its README for their
 * quirks): `freedom-house` (names, not codes, one of them double-encoded: civil liberties 1-7 →
 * fh_cl), `rsf` (OWID codes, Kosovo as OWID_KOS; the old 0-100 score where higher is less free is
 * stored raw, the methodology rebases it → rsf) and `vdem` (V-Dem text ids, some not ISO codes:
 * v2xcs_ccsi → vdem_ccsi and v2x_freexp_altinf → vdem_freexp). Any other source name reads our
 * generic layout `country,year,indicator,value` and is stored as the source.
 *
 * Countries that are not monitored are reported as unmatched (name and number of rows), not
 * errors; a malformed line is an error, and one error means nothing is written.
 */
export interface IndicatorValue {
  indicator: string
  countryCode: string
  year: number
  value: number
}
export interface UnmatchedCountry {
  /** As the file names it (repaired when double-encoded), with its code when it has one. */
  name: string
  rows: number
}
export interface ParsedIndicators {
  /** What indicator_values.source records. */
  source: string
  values: IndicatorValue[]
  errors: LineProblem[]
  unmatched: UnmatchedCountry[]
  /** Values a known source leaves empty ("NA" or blank): gaps in the data, not errors. */
  missing: number
}

interface Measure {
  indicator: string
  column: string
  min: number
  max: number
  integer?: boolean
}
interface SourceAdapter {
  label: string
  /** The column with a code of the country; matched on its own when present. */
  codeColumn?: string
  nameColumn: string
  measures: Measure[]
}

export const INDICATOR_SOURCES: Record<string, SourceAdapter> = {
  'freedom-house': {
    label: 'Freedom House, Freedom in the World (via rfordatascience/tidytuesday)',
    nameColumn: 'country',
    measures: [{ indicator: 'fh_cl', column: 'cl', min: 1, max: 7, integer: true }],
  },
  rsf: {
    label: 'Reporters Without Borders, World Press Freedom Index (via Our World in Data)',
    codeColumn: 'code',
    nameColumn: 'country',
    measures: [{ indicator: 'rsf', column: 'score', min: 0, max: 100 }],
  },
  vdem: {
    label: 'V-Dem Institute, V-Dem indices (via vdeminstitute/demspaces)',
    codeColumn: 'country_text_id',
    nameColumn: 'country_name',
    measures: [
      { indicator: 'vdem_ccsi', column: 'v2xcs_ccsi', min: 0, max: 1 },
      { indicator: 'vdem_freexp', column: 'v2x_freexp_altinf', min: 0, max: 1 },
    ],
  },
}

const GENERIC = ['country', 'year', 'indicator', 'value']
const INDICATOR_KEY = /^[a-z0-9_]{1,40}$/
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/
const NO_VALUE = new Set(['', 'na', 'n/a', 'nan'])
const MAX_SOURCE = 200

/** The adapter for a source name, or undefined for the generic layout. */
export function knownSource(name: string): SourceAdapter | undefined {
  return INDICATOR_SOURCES[name.trim().toLowerCase()]
}

export function parseIndicatorsCsv(text: string, sourceName: string, matcher: CountryMatcher): ParsedIndicators {
  const adapter = knownSource(sourceName)
  const source = adapter?.label ?? sourceName.trim()
  const result: ParsedIndicators = { source, values: [], errors: [], unmatched: [], missing: 0 }
  if (!adapter && (source.length === 0 || source.length > MAX_SOURCE)) {
    result.errors.push({ line: 0, message: `the source name must be 1 to ${MAX_SOURCE} characters` })
    return result
  }
  const records = readCsvRecords(text, ['value', 'values'])
  if ('error' in records) return { ...result, errors: [records.error] }
  const { header } = records
  const headerProblem = checkHeader(header, adapter, sourceName)
  if (headerProblem) return { ...result, errors: [headerProblem] }
  const unmatched = new Map<string, number>()
  const seen = new Map<string, number>()
  for (const { line, values } of records.lines) {
    const field = (name: string) => (values[header.indexOf(name)] ?? '').trim()
    const problems: string[] = []
    if (values.length !== header.length) {
      problems.push(`${values.length} fields but the header has ${header.length}: a column is missing or a value with a comma lacks quotes`)
    }
    const year = readYear(field('year'), problems)
    const code = adapter?.codeColumn ? field(adapter.codeColumn) : ''
    const name = field(adapter?.nameColumn ?? 'country')
    if (!code && !name) problems.push('country is missing')
    const measured = adapter ? readMeasures(adapter, field, problems) : readGeneric(field, problems)
    if (problems.length > 0) {
      result.errors.push({ line, message: problems.join('; ') })
      continue
    }
    result.missing += measured.missing
    if (measured.values.length === 0) continue
    const countryCode = matcher.match(code || name)
    if (!countryCode) {
      const label = code && name ? `${repairMojibake(name)} (${code})` : repairMojibake(code || name)
      unmatched.set(label, (unmatched.get(label) ?? 0) + 1)
      continue
    }
    for (const { indicator, value } of measured.values) {
      const key = `${indicator} ${countryCode} ${year}`
      const first = seen.get(key)
      if (first !== undefined) {
        result.errors.push({ line, message: `duplicate: line ${first} already gives ${indicator} for ${countryCode} in ${year}` })
        continue
      }
      seen.set(key, line)
      result.values.push({ indicator, countryCode, year, value })
    }
  }
  result.unmatched = [...unmatched].map(([label, rows]) => ({ name: label, rows })).sort((a, b) => a.name.localeCompare(b.name))
  return result
}

function checkHeader(header: string[], adapter: SourceAdapter | undefined, sourceName: string): LineProblem | undefined {
  const required = adapter
    ? [adapter.codeColumn, adapter.nameColumn, 'year', ...adapter.measures.map((m) => m.column)].filter((c) => c !== undefined)
    : GENERIC
  const lacking = required.filter((column) => !header.includes(column))
  if (lacking.length === 0) return undefined
  const layout = adapter ? `a file from ${sourceName.trim().toLowerCase()}` : 'a file from another source'
  return { line: 1, message: `the header lacks ${lacking.join(', ')}: ${layout} has the columns ${required.join(',')}` }
}

function readYear(raw: string, problems: string[]): number {
  const year = Number(raw)
  if (!/^\d{4}$/.test(raw) || year < 1900 || year > 2200) problems.push(`bad year "${raw}" (use a four-digit year, e.g. 2020)`)
  return year
}

type Measured = { values: { indicator: string; value: number }[]; missing: number }

function readMeasures(adapter: SourceAdapter, field: (name: string) => string, problems: string[]): Measured {
  const measured: Measured = { values: [], missing: 0 }
  for (const measure of adapter.measures) {
    const raw = field(measure.column)
    if (NO_VALUE.has(raw.toLowerCase())) {
      measured.missing += 1
      continue
    }
    const value = Number(raw)
    if (!NUMBER.test(raw)) problems.push(`${measure.column} "${raw}" is not a number`)
    else if (value < measure.min || value > measure.max || (measure.integer && !Number.isInteger(value))) {
      const kind = measure.integer ? 'a whole number' : 'a number'
      problems.push(`${measure.column} ${raw} is out of range (${kind} from ${measure.min} to ${measure.max})`)
    } else measured.values.push({ indicator: measure.indicator, value })
  }
  return measured
}

function readGeneric(field: (name: string) => string, problems: string[]): Measured {
  const indicator = field('indicator')
  const raw = field('value')
  if (!INDICATOR_KEY.test(indicator)) {
    problems.push(`bad indicator "${indicator}" (use 1 to 40 lowercase letters, digits or underscores, e.g. fh_cl)`)
  }
  if (raw === '') problems.push('value is missing')
  else if (!NUMBER.test(raw) || !Number.isFinite(Number(raw))) problems.push(`value "${raw}" is not a number`)
  return problems.length > 0 ? { values: [], missing: 0 } : { values: [{ indicator, value: Number(raw) }], missing: 0 }
}
