import type { Freedom, Trend } from '../../db/schema.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import type { IndicatorSpec, MethodologyConfig } from './methodology.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * The scoring engine: a pure function from a country's inputs on a date to its score per
 * freedom and overall, with every input's rebased value, weight and contribution, and the
 * category the score implies. It never writes anything: a computed score only raises a review flag.
 */
export interface IndicatorInput {
  key: string
  year: number
  value: number
}

export interface AssessmentInput {
  periodEnd: string
  trend: Trend
  scores: Partial<Record<Freedom, number>>
}

export interface IncidentCounts {
  /** Severity-weighted violations in the window before the date. */
  recent: number
  /** Severity-weighted violations per window-length in the baseline years before the window. */
  baseline: number
}

export interface EngineInputs {
  indicators: IndicatorInput[]
  analysis: AssessmentInput | null
  partner: AssessmentInput | null
  incidents: Record<Freedom, IncidentCounts>
}

export interface BreakdownItem {
  kind: 'indicator' | 'analysis' | 'partner'
  /** Indicator key, or the assessment's period end. */
  key: string
  /** The raw value: the indicator's own scale, or the coded score. */
  raw: number
  year?: number
  trend?: Trend
  /** On 1-100, higher is freer. */
  rebased: number
  /** Share of the freedom's level score (the weights of one freedom add up to 1). */
  weight: number
  contribution: number
}

export interface FreedomScore {
  freedom: Freedom
  score: number | null
  items: BreakdownItem[]
  incidents: IncidentCounts & { adjustment: number }
}

export interface Breakdown {
  date: string
  freedoms: FreedomScore[]
  /** Weight of each freedom in the overall score, among those with a score. */
  overallWeights: Partial<Record<Freedom, number>>
  score: number | null
  category: Category | null
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
const round1 = (value: number) => Math.round(value * 10) / 10 || 0

/** Linear rebasing of an indicator's scale onto 1-100, higher is freer; out-of-scale values are clamped. */
export function rebase(spec: Pick<IndicatorSpec, 'min' | 'max' | 'higherIsFreer'>, value: number): number {
  const share = clamp((value - spec.min) / (spec.max - spec.min), 0, 1)
  return round1(1 + 99 * (spec.higherIsFreer ? share : 1 - share))
}

/** The category a score implies under the version's bands. Total on 1-100 and monotonic. */
export function categoryFor(score: number, bands: MethodologyConfig['bands']): Category {
  for (const category of CATEGORIES) {
    if (category === 'closed') break
    if (score >= bands[category]) return category
  }
  return 'closed'
}

/** Points the incident signal adds to (or takes from) a freedom score. More recent violations never add. */
export function incidentAdjustment(counts: IncidentCounts, rule: MethodologyConfig['incidentSignal']): number {
  const ratio = (counts.recent + rule.smoothing) / (counts.baseline + rule.smoothing)
  return round1(clamp(-rule.pointsPerDoubling * Math.log2(ratio), -rule.maxPoints, rule.maxPoints))
}

export function computeScore(config: MethodologyConfig, inputs: EngineInputs, date: string): Breakdown {
  const freedoms = FREEDOMS.map((freedom) => freedomScore(config, inputs, freedom))
  const scored = freedoms.filter((f) => f.score !== null && config.overall[f.freedom] > 0)
  const total = scored.reduce((sum, f) => sum + config.overall[f.freedom], 0)
  const overallWeights: Partial<Record<Freedom, number>> = {}
  let exact = 0
  for (const f of scored) {
    overallWeights[f.freedom] = config.overall[f.freedom] / total
    exact += (f.exact ?? 0) * (config.overall[f.freedom] / total)
  }
  const score = scored.length > 0 ? clamp(Math.round(exact), 1, 100) : null
  return {
    date,
    freedoms: freedoms.map(({ exact: _exact, ...f }) => f),
    overallWeights,
    score,
    category: score === null ? null : categoryFor(score, config.bands),
  }
}

function freedomScore(config: MethodologyConfig, inputs: EngineInputs, freedom: Freedom): FreedomScore & { exact: number | null } {
  const parts: { item: Omit<BreakdownItem, 'weight' | 'contribution'>; weight: number }[] = []
  const specs = config.indicators.filter((spec) => spec.freedoms.includes(freedom) && spec.weight > 0)
  const found = specs.flatMap((spec) => {
    const input = inputs.indicators.find((i) => i.key === spec.key)
    return input ? [{ spec, input }] : []
  })
  const indicatorWeights = found.reduce((sum, { spec }) => sum + spec.weight, 0)
  for (const { spec, input } of found) {
    parts.push({
      item: { kind: 'indicator', key: spec.key, raw: input.value, year: input.year, rebased: rebase(spec, input.value) },
      weight: (config.components.keyScores * spec.weight) / indicatorWeights,
    })
  }
  const analysis = inputs.analysis?.scores[freedom]
  if (inputs.analysis && analysis !== undefined && config.components.keyAnalysis > 0) {
    parts.push({
      item: {
        kind: 'analysis',
        key: inputs.analysis.periodEnd,
        raw: analysis,
        trend: inputs.analysis.trend,
        rebased: clamp(analysis, 1, 100),
      },
      weight: config.components.keyAnalysis,
    })
  }
  const partner = inputs.partner?.scores[freedom]
  if (inputs.partner && partner !== undefined && config.components.partnerInput > 0) {
    const shift = { declining: -1, stable: 0, improving: 1 }[inputs.partner.trend] * config.partnerTrendPoints
    parts.push({
      item: {
        kind: 'partner',
        key: inputs.partner.periodEnd,
        raw: partner,
        trend: inputs.partner.trend,
        rebased: clamp(partner + shift, 1, 100),
      },
      weight: config.components.partnerInput,
    })
  }
  const counts = inputs.incidents[freedom]
  const incidents = { ...counts, adjustment: incidentAdjustment(counts, config.incidentSignal) }
  const totalWeight = parts.reduce((sum, p) => sum + p.weight, 0)
  if (parts.length === 0 || totalWeight <= 0) return { freedom, score: null, exact: null, items: [], incidents }
  const items = parts.map(({ item, weight }) => {
    const share = weight / totalWeight
    return { ...item, weight: Math.round(share * 1000) / 1000, contribution: round1(item.rebased * share) }
  })
  const level = parts.reduce((sum, { item, weight }) => sum + (item.rebased * weight) / totalWeight, 0)
  const exact = clamp(level + incidents.adjustment, 1, 100)
  return { freedom, score: Math.round(exact), exact, items, incidents }
}
