import type { Freedom } from '../../db/schema.js'
import type { FormProblem } from '../../lib/errors.js'
import type { IndicatorSpec, MethodologyConfig } from './methodology.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * A methodology version as its back-office form sends it, and the checks that turn it into a
 * MethodologyConfig. Indicator rows are numbered fields (`ind_0_key`, `ind_0_freedoms`, …) so
 * that checkboxes stay with their row; values stay strings until checked, so a refused form
 * comes back exactly as typed.
 */
export const BAND_CATEGORIES = ['open', 'narrowed', 'obstructed', 'repressed'] as const
export const INDICATOR_FIELDS = ['key', 'name', 'source', 'min', 'max', 'weight', 'max_age'] as const
/** More rows than any index needs; a limit on what a form can make the server build. */
export const MAX_INDICATORS = 40
export const LABEL_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/
const KEY_PATTERN = /^[a-z0-9_]{1,40}$/

export type IndicatorRow = Record<(typeof INDICATOR_FIELDS)[number], string> & { freedoms: string[]; higherIsFreer: boolean }

export interface MethodologyForm {
  indicators: IndicatorRow[]
  components: { keyScores: string; keyAnalysis: string; partnerInput: string }
  partnerTrendPoints: string
  assessmentMaxAgeMonths: string
  incident: Record<'windowMonths' | 'baselineYears' | 'pointsPerDoubling' | 'maxPoints' | 'smoothing' | 'perKilled', string>
  /** Violation term key → severity as typed. */
  severity: Record<string, string>
  overall: Record<Freedom, string>
  bands: Record<(typeof BAND_CATEGORIES)[number], string>
  quorum: { minVotes: string; approvalShare: string }
  notes: string
}

/** The form's field name for each scalar setting (also the id a problem points at). */
export const FIELD = {
  keyScores: 'comp_key_scores',
  keyAnalysis: 'comp_key_analysis',
  partnerInput: 'comp_partner_input',
  partnerTrendPoints: 'partner_trend_points',
  assessmentMaxAgeMonths: 'assessment_max_age_months',
  windowMonths: 'inc_window_months',
  baselineYears: 'inc_baseline_years',
  pointsPerDoubling: 'inc_points_per_doubling',
  maxPoints: 'inc_max_points',
  smoothing: 'inc_smoothing',
  perKilled: 'inc_per_killed',
  minVotes: 'quorum_min_votes',
  approvalShare: 'quorum_approval_share',
  notes: 'notes',
} as const
export const indicatorField = (index: number, field: string) => `ind_${index}_${field}`
export const severityField = (key: string) => `sev_${key}`

export const EMPTY_INDICATOR: IndicatorRow = {
  key: '',
  name: '',
  source: '',
  min: '',
  max: '',
  weight: '1',
  max_age: '3',
  freedoms: [],
  higherIsFreer: true,
}

export type Body = Record<string, string | string[] | undefined>
const one = (body: Body, name: string) => {
  const value = body[name]
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim()
}
const all = (body: Body, name: string) => [body[name] ?? []].flat().map((v) => v.trim())
const text = (n: number) => String(n)

/** `severityKeys`: the violation terms the form shows (the only severity fields read). */
export function readMethodologyForm(body: Body, severityKeys: readonly string[]): MethodologyForm {
  const indexes = new Set<number>()
  for (const name of Object.keys(body)) {
    const match = /^ind_(\d{1,2})_/.exec(name)
    if (match && Number(match[1]) < MAX_INDICATORS) indexes.add(Number(match[1]))
  }
  const indicators = [...indexes]
    .sort((a, b) => a - b)
    .map((i) => ({
      ...(Object.fromEntries(INDICATOR_FIELDS.map((f) => [f, one(body, indicatorField(i, f))])) as Record<
        (typeof INDICATOR_FIELDS)[number],
        string
      >),
      freedoms: all(body, indicatorField(i, 'freedoms')),
      higherIsFreer: one(body, indicatorField(i, 'higher')) === 'yes',
    }))
  const notes = body.notes
  return {
    indicators,
    components: {
      keyScores: one(body, FIELD.keyScores),
      keyAnalysis: one(body, FIELD.keyAnalysis),
      partnerInput: one(body, FIELD.partnerInput),
    },
    partnerTrendPoints: one(body, FIELD.partnerTrendPoints),
    assessmentMaxAgeMonths: one(body, FIELD.assessmentMaxAgeMonths),
    incident: {
      windowMonths: one(body, FIELD.windowMonths),
      baselineYears: one(body, FIELD.baselineYears),
      pointsPerDoubling: one(body, FIELD.pointsPerDoubling),
      maxPoints: one(body, FIELD.maxPoints),
      smoothing: one(body, FIELD.smoothing),
      perKilled: one(body, FIELD.perKilled),
    },
    // A term added to the taxonomy while the form was open sends nothing: it counts 1, like any unlisted term.
    severity: Object.fromEntries(
      severityKeys.map((key) => [key, body[severityField(key)] === undefined ? '1' : one(body, severityField(key))]),
    ),
    overall: Object.fromEntries(FREEDOMS.map((f) => [f, one(body, `overall_${f}`)])) as Record<Freedom, string>,
    bands: Object.fromEntries(BAND_CATEGORIES.map((c) => [c, one(body, `band_${c}`)])) as MethodologyForm['bands'],
    quorum: { minVotes: one(body, FIELD.minVotes), approvalShare: one(body, FIELD.approvalShare) },
    notes: (Array.isArray(notes) ? notes[0] : notes) ?? '',
  }
}

/** A stored version as the form shows it; severity lists the given terms, 1 where the version says nothing. */
export function configToForm(config: MethodologyConfig, notes: string, severityKeys: readonly string[]): MethodologyForm {
  const s = config.incidentSignal
  return {
    indicators: config.indicators.map((i) => ({
      key: i.key,
      name: i.name,
      source: i.source,
      min: text(i.min),
      max: text(i.max),
      weight: text(i.weight),
      max_age: text(i.maxAgeYears),
      freedoms: [...i.freedoms],
      higherIsFreer: i.higherIsFreer,
    })),
    components: {
      keyScores: text(config.components.keyScores),
      keyAnalysis: text(config.components.keyAnalysis),
      partnerInput: text(config.components.partnerInput),
    },
    partnerTrendPoints: text(config.partnerTrendPoints),
    assessmentMaxAgeMonths: text(config.assessmentMaxAgeMonths),
    incident: {
      windowMonths: text(s.windowMonths),
      baselineYears: text(s.baselineYears),
      pointsPerDoubling: text(s.pointsPerDoubling),
      maxPoints: text(s.maxPoints),
      smoothing: text(s.smoothing),
      perKilled: text(s.perKilled),
    },
    severity: Object.fromEntries(
      [...new Set([...severityKeys, ...Object.keys(s.severity)])].map((key) => [key, text(s.severity[key] ?? 1)]),
    ),
    overall: Object.fromEntries(FREEDOMS.map((f) => [f, text(config.overall[f])])) as Record<Freedom, string>,
    bands: Object.fromEntries(BAND_CATEGORIES.map((c) => [c, text(config.bands[c])])) as MethodologyForm['bands'],
    quorum: { minVotes: text(config.quorum.minVotes), approvalShare: text(config.quorum.approvalShare) },
    notes,
  }
}

/** A plain decimal number ('3', '0.25', '-1.5'); anything else (blank, '1e3', '∞') is NaN. */
export function decimal(value: string): number {
  if (!/^-?(\d{1,15}(\.\d{0,15})?|\.\d{1,15})$/.test(value)) return NaN
  return Number(value)
}
const integer = (value: string) => (/^-?\d{1,9}$/.test(value) ? Number(value) : NaN)
const within = (n: number, low: number, high: number) => Number.isFinite(n) && n >= low && n <= high

export type Checked = { ok: true; config: MethodologyConfig; notes: string } | { ok: false; problems: FormProblem[] }

export function checkMethodologyForm(form: MethodologyForm): Checked {
  const problems: FormProblem[] = []
  const problem = (field: string, message: FormProblem['message'], params?: FormProblem['params']) =>
    problems.push({ field, message, ...(params ? { params } : {}) })
  /** A number in [low, high] (integers only when asked), or a problem on the field. */
  const number = (field: string, value: string, message: FormProblem['message'], low: number, high: number, whole = false) => {
    const n = whole ? integer(value) : decimal(value)
    if (!within(n, low, high)) problem(field, message)
    return n
  }

  const indicators = checkIndicators(form.indicators, problem)
  const weight = (field: string, value: string, message: FormProblem['message']) => number(field, value, message, 0, 1_000_000)
  const components = {
    keyScores: weight(FIELD.keyScores, form.components.keyScores, 'methodology.problem.componentWeight'),
    keyAnalysis: weight(FIELD.keyAnalysis, form.components.keyAnalysis, 'methodology.problem.componentWeight'),
    partnerInput: weight(FIELD.partnerInput, form.components.partnerInput, 'methodology.problem.componentWeight'),
  }
  if (Object.values(components).every((w) => within(w, 0, 1_000_000)) && Object.values(components).every((w) => w === 0))
    problem(FIELD.keyScores, 'methodology.problem.componentsAllZero')
  const overall = Object.fromEntries(
    FREEDOMS.map((f) => [f, weight(`overall_${f}`, form.overall[f], 'methodology.problem.overallWeight')]),
  ) as Record<Freedom, number>
  if (Object.values(overall).every((w) => w === 0)) problem('overall_association', 'methodology.problem.overallAllZero')

  const partnerTrendPoints = number(FIELD.partnerTrendPoints, form.partnerTrendPoints, 'methodology.problem.trendPoints', 0, 100)
  const assessmentMaxAgeMonths = number(
    FIELD.assessmentMaxAgeMonths,
    form.assessmentMaxAgeMonths,
    'methodology.problem.assessmentAge',
    1,
    120,
    true,
  )
  const i = form.incident
  const incidentSignal = {
    windowMonths: number(FIELD.windowMonths, i.windowMonths, 'methodology.problem.windowMonths', 1, 60, true),
    baselineYears: number(FIELD.baselineYears, i.baselineYears, 'methodology.problem.baselineYears', 1, 20, true),
    pointsPerDoubling: number(FIELD.pointsPerDoubling, i.pointsPerDoubling, 'methodology.problem.pointsPerDoubling', 0, 100),
    maxPoints: number(FIELD.maxPoints, i.maxPoints, 'methodology.problem.maxPoints', 0, 100),
    smoothing: number(FIELD.smoothing, i.smoothing, 'methodology.problem.smoothing', Number.MIN_VALUE, 1000),
    severity: {} as Record<string, number>,
    perKilled: number(FIELD.perKilled, i.perKilled, 'methodology.problem.perKilled', 0, 1000),
  }
  for (const [key, value] of Object.entries(form.severity)) {
    const n = decimal(value)
    if (!within(n, 0, 1000)) problem(severityField(key), 'methodology.problem.severity', { term: key })
    // Terms not listed count 1: only the others are stored.
    else if (n !== 1) incidentSignal.severity[key] = n
  }

  const bands = checkBands(form.bands, problem)
  const quorum = {
    minVotes: number(FIELD.minVotes, form.quorum.minVotes, 'methodology.problem.minVotes', 1, 1000, true),
    approvalShare: decimal(form.quorum.approvalShare),
  }
  if (!(quorum.approvalShare >= 0.5 && quorum.approvalShare < 1)) problem(FIELD.approvalShare, 'methodology.problem.approvalShare')
  if (form.notes.length > 20_000) problem(FIELD.notes, 'methodology.problem.notes')

  if (problems.length > 0) return { ok: false, problems }
  const config: MethodologyConfig = {
    indicators,
    components,
    partnerTrendPoints,
    assessmentMaxAgeMonths,
    incidentSignal,
    overall,
    bands,
    quorum,
  }
  return { ok: true, config, notes: form.notes }
}

type Problem = (field: string, message: FormProblem['message'], params?: FormProblem['params']) => void

function checkIndicators(rows: IndicatorRow[], problem: Problem): IndicatorSpec[] {
  const seen = new Set<string>()
  const specs = rows.flatMap((row, index) => {
    // A row added but never filled in is dropped, not refused.
    if (!row.key && !row.name && !row.source && !row.min && !row.max) return []
    const field = (name: string) => indicatorField(index, name)
    const n = { row: index + 1 }
    if (!KEY_PATTERN.test(row.key)) problem(field('key'), 'methodology.problem.indicatorKey', n)
    else if (seen.has(row.key)) problem(field('key'), 'methodology.problem.indicatorKeyTaken', { ...n, key: row.key })
    seen.add(row.key)
    if (!row.name || row.name.length > 200) problem(field('name'), 'methodology.problem.indicatorName', n)
    if (!row.source || row.source.length > 200) problem(field('source'), 'methodology.problem.indicatorSource', n)
    const freedoms = FREEDOMS.filter((f) => row.freedoms.includes(f))
    if (freedoms.length === 0 || row.freedoms.some((f) => !FREEDOMS.includes(f as Freedom)))
      problem(field('freedoms'), 'methodology.problem.indicatorFreedoms', n)
    const [min, max] = [decimal(row.min), decimal(row.max)]
    if (!Number.isFinite(min)) problem(field('min'), 'methodology.problem.indicatorScale', n)
    if (!Number.isFinite(max)) problem(field('max'), 'methodology.problem.indicatorScale', n)
    else if (min === max) problem(field('max'), 'methodology.problem.indicatorScaleEqual', n)
    const weight = decimal(row.weight)
    if (!within(weight, 0, 1_000_000)) problem(field('weight'), 'methodology.problem.indicatorWeight', n)
    const maxAgeYears = integer(row.max_age)
    if (!within(maxAgeYears, 1, 50)) problem(field('max_age'), 'methodology.problem.indicatorMaxAge', n)
    return [{ key: row.key, name: row.name, source: row.source, freedoms, min, max, higherIsFreer: row.higherIsFreer, weight, maxAgeYears }]
  })
  if (!specs.some((s) => s.weight > 0)) problem('indicators', 'methodology.problem.indicatorsAllZero')
  return specs
}

function checkBands(form: MethodologyForm['bands'], problem: Problem): MethodologyConfig['bands'] {
  const values = BAND_CATEGORIES.map((c) => integer(form[c]))
  BAND_CATEGORIES.forEach((c, i) => {
    if (!Number.isInteger(values[i])) problem(`band_${c}`, 'methodology.problem.bandInteger')
  })
  if (values.every(Number.isInteger)) {
    // Each lower bound strictly under the one above it (open under 101), and repressed above 1
    // (closed runs from 1). The first bound out of order carries the problem.
    const above = [101, ...values]
    const wrong = BAND_CATEGORIES.findIndex((_, i) => !(values[i]! < above[i]!) || (i === BAND_CATEGORIES.length - 1 && values[i]! <= 1))
    if (wrong >= 0) problem(`band_${BAND_CATEGORIES[wrong]}`, 'methodology.problem.bandOrder')
  }
  return Object.fromEntries(BAND_CATEGORIES.map((c, i) => [c, values[i]])) as MethodologyConfig['bands']
}
