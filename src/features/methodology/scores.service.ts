import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { DB, Freedom } from '../../db/schema.js'
import {
  computeScore,
  type AssessmentInput,
  type Breakdown,
  type EngineInputs,
  type IncidentCounts,
  type IndicatorInput,
} from './engine.js'
import { type MethodologyConfig } from './methodology.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * Loads what the engine needs for many countries and dates in three queries (indicator values,
 * assessments, incidents per day) and computes each score. Reads only.
 */
export type ScoreTable = Map<string, Map<string, Breakdown>>

export async function computeScores(db: Kysely<DB>, config: MethodologyConfig, dates: string[], countries?: string[]): Promise<ScoreTable> {
  const codes = countries ?? (await db.selectFrom('countries').select('code').orderBy('code').execute()).map((c) => c.code)
  if (codes.length === 0) return new Map()
  const [indicators, assessments, incidents] = await Promise.all([
    loadIndicators(db, config, codes),
    loadAssessments(db, codes),
    loadIncidentDays(db, config, dates, codes),
  ])
  const table: ScoreTable = new Map()
  for (const date of dates) {
    const byCountry = new Map<string, Breakdown>()
    for (const code of codes) {
      const inputs: EngineInputs = {
        indicators: latestIndicators(config, indicators.get(code) ?? [], date),
        analysis: latestAssessment(assessments.get(code) ?? [], 'analysis', date, config.assessmentMaxAgeMonths),
        partner: latestAssessment(assessments.get(code) ?? [], 'partner', date, config.assessmentMaxAgeMonths),
        incidents: incidentCounts(incidents, config, code, date),
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

/**
 * Rows travel as one JSON value: the embedded database hands over thousands of small rows far
 * more slowly than one document (see docs/decisions), and the engine needs them all.
 */
async function jsonRows<T>(db: Kysely<DB>, query: RawBuilder<unknown>, column?: string): Promise<T[]> {
  const value = column ? sql`x.${sql.ref(column)}` : sql`x`
  const result = await sql<{ rows: string | null }>`select coalesce(json_agg(${value}), '[]')::text as rows from (${query}) as x`.execute(
    db,
  )
  return JSON.parse(result.rows[0]?.rows ?? '[]') as T[]
}

async function loadIndicators(db: Kysely<DB>, config: MethodologyConfig, codes: string[]): Promise<Map<string, IndicatorInput[]>> {
  const keys = config.indicators.map((i) => i.key)
  if (keys.length === 0) return new Map()
  const rows = await jsonRows<{ i: string; c: string; y: number; v: number }>(
    db,
    sql`select indicator as i, country_code as c, year as y, value as v from indicator_values
      where indicator = any(${keys}::text[]) and country_code = any(${codes}::text[]) order by year desc`,
  )
  const byCountry = new Map<string, IndicatorInput[]>()
  for (const row of rows) {
    const list = byCountry.get(row.c) ?? []
    list.push({ key: row.i, year: row.y, value: row.v })
    byCountry.set(row.c, list)
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
  const rows = await jsonRows<{
    c: string
    k: AssessmentRow['kind']
    e: string
    t: AssessmentRow['trend']
    as: number | null
    ab: number | null
    ex: number | null
  }>(
    db,
    sql`select country_code as c, kind as k, period_end::text as e, trend as t, association as "as", assembly as ab, expression as ex
      from assessments where country_code = any(${codes}::text[]) order by period_end desc, id desc`,
  )
  const byCountry = new Map<string, AssessmentRow[]>()
  for (const row of rows) {
    const scores: Partial<Record<Freedom, number>> = {}
    if (row.as !== null) scores.association = row.as
    if (row.ab !== null) scores.assembly = row.ab
    if (row.ex !== null) scores.expression = row.ex
    const list = byCountry.get(row.c) ?? []
    list.push({ kind: row.k, periodEnd: row.e, trend: row.t, scores })
    byCountry.set(row.c, list)
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
 * Severity-weighted violations per country and freedom, by day (days since 2000-01-01, ascending)
 * with running totals, so any window is two binary searches. Published, non-sample updates only.
 */
type IncidentDays = Map<string, { days: number[]; cumulative: number[] }>

const EPOCH = Date.UTC(2000, 0, 1)
const dayNumber = (date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - EPOCH) / 86_400_000)

async function loadIncidentDays(db: Kysely<DB>, config: MethodologyConfig, dates: string[], codes: string[]): Promise<IncidentDays> {
  const rule = config.incidentSignal
  const sorted = [...dates].sort()
  const first = monthsBefore(monthsBefore(sorted[0]!, rule.windowMonths), rule.baselineYears * 12)
  const rows = await jsonRows<[string, Freedom, number, number]>(
    db,
    sql`select json_build_array(u.country_code, i.freedom, i.occurred_on - date '2000-01-01',
        sum(coalesce((${JSON.stringify(rule.severity)}::jsonb ->> t.key)::float8, 1) + ${rule.perKilled}::float8 * coalesce(i.killed, 0))) as r
      from incidents i join updates u on u.id = i.update_id join taxonomy_terms t on t.id = i.type_id
      where u.status = 'published' and not u.sample and t.vocabulary = 'violation' and u.country_code = any(${codes}::text[])
        and i.occurred_on > ${first}::date and i.occurred_on <= ${sorted.at(-1)!}::date
      group by u.country_code, i.freedom, i.occurred_on`,
    'r',
  )
  const grouped = new Map<string, [number, number][]>()
  for (const [code, freedom, day, weight] of rows) {
    const key = `${code} ${freedom}`
    const list = grouped.get(key) ?? []
    list.push([day, Number(weight)])
    grouped.set(key, list)
  }
  const result: IncidentDays = new Map()
  for (const [key, list] of grouped) {
    list.sort((a, b) => a[0] - b[0])
    let total = 0
    result.set(key, { days: list.map(([day]) => day), cumulative: list.map(([, weight]) => (total += weight)) })
  }
  return result
}

/** Total weight on days up to and including `day`. */
function upTo(series: { days: number[]; cumulative: number[] }, day: number): number {
  let low = 0
  let high = series.days.length
  while (low < high) {
    const mid = (low + high) >> 1
    if (series.days[mid]! <= day) low = mid + 1
    else high = mid
  }
  return low === 0 ? 0 : series.cumulative[low - 1]!
}

/** Violations in the window before the date, and per window-length over the baseline years before it. */
function incidentCounts(days: IncidentDays, config: MethodologyConfig, code: string, date: string): Record<Freedom, IncidentCounts> {
  const rule = config.incidentSignal
  const windowStart = monthsBefore(date, rule.windowMonths)
  const [end, middle, start] = [dayNumber(date), dayNumber(windowStart), dayNumber(monthsBefore(windowStart, rule.baselineYears * 12))]
  const perWindow = rule.windowMonths / (rule.baselineYears * 12)
  const counts = noIncidents()
  for (const freedom of FREEDOMS) {
    const series = days.get(`${code} ${freedom}`)
    if (!series) continue
    const before = upTo(series, middle) - upTo(series, start)
    counts[freedom] = { recent: upTo(series, end) - upTo(series, middle), baseline: Math.round(before * perWindow * 100) / 100 }
  }
  return counts
}
