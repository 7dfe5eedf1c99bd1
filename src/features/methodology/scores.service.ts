import { sql, type Kysely } from 'kysely'
import type { DB, Freedom } from '../../db/schema.js'
import {
  computeScore,
  type AssessmentInput,
  type Breakdown,
  type EngineInputs,
  type IncidentCounts,
  type IndicatorInput,
} from './engine.js'
import { FREEDOMS, type MethodologyConfig } from './methodology.js'

/**
 * Loads what the engine needs for many countries and dates in a few queries (indicator values
 * and assessments once, incidents once per date) and computes each score. Reads only.
 */
export type ScoreTable = Map<string, Map<string, Breakdown>>

export async function computeScores(db: Kysely<DB>, config: MethodologyConfig, dates: string[], countries?: string[]): Promise<ScoreTable> {
  const codes = countries ?? (await db.selectFrom('countries').select('code').orderBy('code').execute()).map((c) => c.code)
  if (codes.length === 0) return new Map()
  const [indicators, assessments] = await Promise.all([loadIndicators(db, config, codes), loadAssessments(db, codes)])
  const table: ScoreTable = new Map()
  for (const date of dates) {
    const incidents = await loadIncidentCounts(db, config, date, codes)
    const byCountry = new Map<string, Breakdown>()
    for (const code of codes) {
      const inputs: EngineInputs = {
        indicators: latestIndicators(config, indicators.get(code) ?? [], date),
        analysis: latestAssessment(assessments.get(code) ?? [], 'analysis', date, config.assessmentMaxAgeMonths),
        partner: latestAssessment(assessments.get(code) ?? [], 'partner', date, config.assessmentMaxAgeMonths),
        incidents: incidents.get(code) ?? noIncidents(),
      }
      byCountry.set(code, computeScore(config, inputs, date))
    }
    table.set(date, byCountry)
  }
  return table
}

export async function computeCountryScore(db: Kysely<DB>, config: MethodologyConfig, code: string, date: string): Promise<Breakdown> {
  const table = await computeScores(db, config, [date], [code])
  return table.get(date)!.get(code)!
}

function noIncidents(): Record<Freedom, IncidentCounts> {
  return { association: { recent: 0, baseline: 0 }, assembly: { recent: 0, baseline: 0 }, expression: { recent: 0, baseline: 0 } }
}

async function loadIndicators(db: Kysely<DB>, config: MethodologyConfig, codes: string[]): Promise<Map<string, IndicatorInput[]>> {
  const keys = config.indicators.map((i) => i.key)
  if (keys.length === 0) return new Map()
  const rows = await db
    .selectFrom('indicator_values')
    .select(['indicator', 'country_code', 'year', 'value'])
    .where('indicator', 'in', keys)
    .where('country_code', 'in', codes)
    .orderBy('year', 'desc')
    .execute()
  const byCountry = new Map<string, IndicatorInput[]>()
  for (const row of rows) {
    const list = byCountry.get(row.country_code) ?? []
    list.push({ key: row.indicator, year: row.year, value: row.value })
    byCountry.set(row.country_code, list)
  }
  return byCountry
}

/** Each indicator's latest value from the date's year or before, if it is recent enough. Rows come newest first. */
function latestIndicators(config: MethodologyConfig, rows: IndicatorInput[], date: string): IndicatorInput[] {
  const year = Number(date.slice(0, 4))
  return config.indicators.flatMap((spec) => {
    const row = rows.find((r) => r.key === spec.key && r.year <= year)
    return row && year - row.year <= spec.maxAgeYears ? [row] : []
  })
}

interface AssessmentRow extends AssessmentInput {
  kind: 'analysis' | 'partner'
}

async function loadAssessments(db: Kysely<DB>, codes: string[]): Promise<Map<string, AssessmentRow[]>> {
  const rows = await db
    .selectFrom('assessments')
    .select(['country_code', 'kind', 'period_end', 'trend', 'association', 'assembly', 'expression'])
    .where('country_code', 'in', codes)
    .orderBy('period_end', 'desc')
    .orderBy('id', 'desc')
    .execute()
  const byCountry = new Map<string, AssessmentRow[]>()
  for (const row of rows) {
    const scores: Partial<Record<Freedom, number>> = {}
    for (const freedom of FREEDOMS) if (row[freedom] !== null) scores[freedom] = row[freedom]
    const list = byCountry.get(row.country_code) ?? []
    list.push({ kind: row.kind, periodEnd: row.period_end, trend: row.trend, scores })
    byCountry.set(row.country_code, list)
  }
  return byCountry
}

function latestAssessment(rows: AssessmentRow[], kind: AssessmentRow['kind'], date: string, maxAgeMonths: number): AssessmentInput | null {
  const oldest = monthsBefore(date, maxAgeMonths)
  const row = rows.find((r) => r.kind === kind && r.periodEnd <= date && r.periodEnd > oldest)
  return row ? { periodEnd: row.periodEnd, trend: row.trend, scores: row.scores } : null
}

export function monthsBefore(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`)
  d.setUTCMonth(d.getUTCMonth() - months)
  return d.toISOString().slice(0, 10)
}

/**
 * Severity-weighted violations per country and freedom: in the window before the date, and per
 * window-length over the baseline years before it. Published, non-sample updates only.
 */
async function loadIncidentCounts(
  db: Kysely<DB>,
  config: MethodologyConfig,
  date: string,
  codes: string[],
): Promise<Map<string, Record<Freedom, IncidentCounts>>> {
  const rule = config.incidentSignal
  const windowStart = monthsBefore(date, rule.windowMonths)
  const baselineStart = monthsBefore(windowStart, rule.baselineYears * 12)
  const weight = sql<number>`coalesce((${JSON.stringify(rule.severity)}::jsonb ->> t.key)::float8, 1) + ${rule.perKilled}::float8 * coalesce(i.killed, 0)`
  const rows = await db
    .selectFrom('incidents as i')
    .innerJoin('updates as u', 'u.id', 'i.update_id')
    .innerJoin('taxonomy_terms as t', 't.id', 'i.type_id')
    .select([
      'u.country_code',
      'i.freedom',
      sql<number>`coalesce(sum(${weight}) filter (where i.occurred_on > ${windowStart}::date), 0)::float8`.as('recent'),
      sql<number>`coalesce(sum(${weight}) filter (where i.occurred_on <= ${windowStart}::date), 0)::float8`.as('before'),
    ])
    .where('u.status', '=', 'published')
    .where('u.sample', '=', false)
    .where('t.vocabulary', '=', 'violation')
    .where('u.country_code', 'in', codes)
    .where('i.occurred_on', '>', sql<string>`${baselineStart}::date`)
    .where('i.occurred_on', '<=', sql<string>`${date}::date`)
    .groupBy(['u.country_code', 'i.freedom'])
    .execute()
  const perWindow = rule.windowMonths / (rule.baselineYears * 12)
  const result = new Map<string, Record<Freedom, IncidentCounts>>()
  for (const row of rows) {
    const counts = result.get(row.country_code) ?? noIncidents()
    counts[row.freedom] = { recent: Number(row.recent), baseline: Math.round(Number(row.before) * perWindow * 100) / 100 }
    result.set(row.country_code, counts)
  }
  return result
}
