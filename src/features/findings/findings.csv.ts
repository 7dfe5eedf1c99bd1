import { CATEGORIES } from '../ratings/scale.js'
import type { FindingsResponse } from './findings.schema.js'
import { SHARE_KEYS } from './findings.stats.js'

/**
 * The numbers of /api/v1/findings/{year} as one long CSV table (section, key, value, detail),
 * so a spreadsheet can filter it by section. Keys are the API's (category names, taxonomy keys).
 */
export function findingsCsv(findings: FindingsResponse, pageUrl: string): string {
  const rows: (string | number | null)[][] = [['section', 'key', 'value', 'detail']]
  rows.push(
    ['meta', 'year', findings.year, null],
    ['meta', 'as_of', findings.asOf, null],
    ['meta', 'cite_as', `Civic Monitor, global findings ${findings.year}`, pageUrl],
  )
  for (const category of CATEGORIES) rows.push(['countries', category, findings.totals[category], null])
  rows.push(['countries', 'unrated', findings.unrated, null])
  for (const key of SHARE_KEYS) rows.push(['population_share_percent', key, findings.populationShare[key], null])
  rows.push(['population', 'year', findings.populationYear, null], ['population', 'source', findings.populationSource, null])
  for (const c of findings.changes) rows.push(['change', c.country, `${c.from}>${c.to}`, `${c.date} ${c.direction}`])
  for (const v of findings.topViolations.byCountries) rows.push(['top_violations_by_countries', v.type, v.countries, v.label])
  for (const v of findings.topViolations.byIncidents) rows.push(['top_violations_by_incidents', v.type, v.incidents, v.label])
  for (const [freedom, counts] of Object.entries(findings.perFreedom)) {
    rows.push(['updates_per_freedom', freedom, counts.updates, null], ['incidents_per_freedom', freedom, counts.incidents, null])
  }
  return rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n'
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed so spreadsheets never run text as a formula. */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  if (typeof value === 'number') return String(value)
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}
