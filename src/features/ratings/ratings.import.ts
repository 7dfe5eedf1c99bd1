import { extraFieldsProblem, readCsvRecords, type LineProblem } from '../../lib/csv-records.js'
import { isIsoDate } from '../../lib/dates.js'
import { isCategory, scoreFitsCategory, BANDS, type Category } from './scale.js'

/**
 * Reads a ratings CSV and checks every line before anything is written.
 *
 * Two layouts are understood, told apart by their header:
 * - ours: `country,category,effective_date[,score][,source]` (country: ISO alpha-3 or alpha-2);
 * - the CIVICUS Monitor snapshot in seed/: `key,slug,fillKey,rating,snapshot_date,source`,
 *   whose quirks are handled here: non-ISO keys (`kosovo`, `SVT`), an empty rating for a
 *   country that is monitored but not rated (Greenland), misspelt slugs (ignored: we match codes).
 */
export interface RatingRow {
  line: number
  countryCode: string
  category: Category
  score: number | null
  effectiveDate: string
  source: string
}
export type { LineProblem }
export interface ParsedRatings {
  rows: RatingRow[]
  errors: LineProblem[]
  /** Lines deliberately not imported (a monitored country without a rating). */
  skipped: LineProblem[]
}
export interface KnownCountries {
  /** Resolves an alpha-3 or alpha-2 code (any case) to our alpha-3 code. */
  resolve(code: string): string | undefined
  /** True when the country already has a rating on that date. */
  hasRating(code: string, date: string): boolean
}

/** Keys of the CIVICUS snapshot that are not ISO alpha-3 codes. */
export const SNAPSHOT_KEY_ALIASES: Record<string, string> = { kosovo: 'XKX', SVT: 'VCT' }

const OURS = ['country', 'category', 'effective_date']
const SNAPSHOT = ['key', 'slug', 'fillkey', 'rating', 'snapshot_date', 'source']
const MAX_SOURCE = 500

export function parseRatingsCsv(text: string, known: KnownCountries, today: string, defaultSource: string): ParsedRatings {
  const records = readCsvRecords(text, ['rating', 'ratings'])
  if ('error' in records) return { rows: [], errors: [records.error], skipped: [] }
  const header = records.header
  const snapshot = SNAPSHOT.every((name) => header.includes(name))
  if (!snapshot && !OURS.every((name) => header.includes(name))) {
    return {
      rows: [],
      errors: [
        {
          line: 1,
          message: `unknown header "${header.join(',')}": expected columns country,category,effective_date (and optionally score,source)`,
        },
      ],
      skipped: [],
    }
  }
  const result: ParsedRatings = { rows: [], errors: [], skipped: [] }
  const seen = new Map<string, number>()
  for (const { line, values } of records.lines) {
    const extra = extraFieldsProblem(line, values, header)
    if (extra) {
      result.errors.push(extra)
      continue
    }
    const field = (name: string) => (values[header.indexOf(name)] ?? '').trim()
    const raw = snapshot
      ? {
          country: SNAPSHOT_KEY_ALIASES[field('key')] ?? field('key'),
          category: field('rating').toLowerCase(),
          date: field('snapshot_date'),
          score: '',
          source: '',
        }
      : {
          country: field('country'),
          category: field('category').toLowerCase(),
          date: field('effective_date'),
          score: field('score'),
          source: field('source'),
        }
    if (snapshot && raw.category === '' && ['', 'none'].includes(field('fillkey').toLowerCase())) {
      result.skipped.push({ line, message: `${raw.country} is monitored but not rated in this file; no rating imported` })
      continue
    }
    const checked = checkLine(line, raw, known, today, defaultSource)
    if ('message' in checked) {
      result.errors.push(checked)
      continue
    }
    const key = `${checked.countryCode} ${checked.effectiveDate}`
    const first = seen.get(key)
    if (first !== undefined) {
      result.errors.push({
        line,
        message: `duplicate: ${checked.countryCode} already has a rating on ${checked.effectiveDate} at line ${first}`,
      })
      continue
    }
    seen.set(key, line)
    result.rows.push(checked)
  }
  return result
}

type RawLine = { country: string; category: string; date: string; score: string; source: string }

function checkLine(line: number, raw: RawLine, known: KnownCountries, today: string, defaultSource: string): RatingRow | LineProblem {
  const problems: string[] = []
  const code = raw.country ? known.resolve(raw.country) : undefined
  if (!raw.country) problems.push('country is missing')
  else if (!code) problems.push(`unknown country "${raw.country}" (use an ISO 3166-1 alpha-3 code of a monitored country, e.g. KAZ)`)
  const category = raw.category
  if (!isCategory(category)) problems.push(`unknown category "${raw.category}" (use open, narrowed, obstructed, repressed or closed)`)
  if (!isIsoDate(raw.date)) problems.push(`bad date "${raw.date}" (use a calendar date YYYY-MM-DD, e.g. 2021-03-19)`)
  else if (raw.date > today) problems.push(`date ${raw.date} is in the future (today is ${today})`)
  let score: number | null = null
  if (raw.score !== '') {
    score = Number(raw.score)
    if (!/^\d{1,3}$/.test(raw.score) || score < 1 || score > 100)
      problems.push(`bad score "${raw.score}" (use a whole number from 1 to 100, or leave it empty)`)
    else if (isCategory(category) && !scoreFitsCategory(score, category)) {
      problems.push(`score ${score} does not fit category ${category} (${BANDS[category].min}-${BANDS[category].max})`)
    }
  }
  if (raw.source.length > MAX_SOURCE) problems.push(`source is longer than ${MAX_SOURCE} characters`)
  if (code && isIsoDate(raw.date) && known.hasRating(code, raw.date))
    problems.push(`duplicate: ${code} already has a rating on ${raw.date} in the database`)
  if (problems.length > 0 || !code || !isCategory(category)) return { line, message: problems.join('; ') }
  return { line, countryCode: code, category, score, effectiveDate: raw.date, source: raw.source || defaultSource }
}
