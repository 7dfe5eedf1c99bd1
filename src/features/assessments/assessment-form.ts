import type { Freedom, Trend } from '../../db/schema.js'
import { isIsoDate } from '../../lib/dates.js'
import type { FormProblem } from '../../lib/errors.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * An assessment as its form (or the API) sends it, and the checks that turn it into a record.
 * Values stay strings until checked, so a refused form comes back exactly as typed. The form
 * and the JSON API share these checks: one set of rules, one set of messages.
 */
export type AssessmentKind = 'analysis' | 'partner'
export const ASSESSMENT_KINDS: AssessmentKind[] = ['analysis', 'partner']
export const TRENDS: Trend[] = ['declining', 'stable', 'improving']
export { FREEDOMS }
export const JUSTIFICATION_MAX = 10_000

export interface AssessmentForm {
  country: string
  kind: string
  periodStart: string
  periodEnd: string
  association: string
  assembly: string
  expression: string
  trend: string
  justification: string
}

export interface AssessmentInput {
  countryCode: string
  kind: AssessmentKind
  periodStart: string
  periodEnd: string
  scores: Record<Freedom, number | null>
  trend: Trend
  justification: string
}

export const EMPTY_ASSESSMENT: AssessmentForm = {
  country: '',
  kind: 'analysis',
  periodStart: '',
  periodEnd: '',
  association: '',
  assembly: '',
  expression: '',
  trend: '',
  justification: '',
}

type Body = Record<string, string | string[] | undefined>
const one = (body: Body, name: string) => {
  const value = body[name]
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim()
}

export function readAssessmentForm(body: Body): AssessmentForm {
  const justification = body.justification
  return {
    country: one(body, 'country').toUpperCase(),
    kind: one(body, 'kind'),
    periodStart: one(body, 'period_start'),
    periodEnd: one(body, 'period_end'),
    association: one(body, 'association'),
    assembly: one(body, 'assembly'),
    expression: one(body, 'expression'),
    trend: one(body, 'trend'),
    // Markdown keeps its leading spaces (an indented code block); only the ends are trimmed when saved.
    justification: (Array.isArray(justification) ? justification[0] : justification) ?? '',
  }
}

const SCORE_PROBLEM: Record<Freedom, FormProblem['message']> = {
  association: 'assessment.problem.associationScore',
  assembly: 'assessment.problem.assemblyScore',
  expression: 'assessment.problem.expressionScore',
}

/** A score field: blank (not assessed), or a whole number from 1 to 100; NaN otherwise. */
function score(value: string): number | null {
  if (value === '') return null
  return /^[0-9]{1,3}$/.test(value) && Number(value) >= 1 && Number(value) <= 100 ? Number(value) : NaN
}

/**
 * The rules: a known country, a kind, a period of real dates that does not start in the
 * future nor end before it starts, each score blank or a whole number 1-100 with at least one
 * given, a trend, and a justification of 1 to 10,000 characters. Who may write for the country
 * is the caller's question (a 403, not a form problem).
 */
export function checkAssessmentForm(
  form: AssessmentForm,
  known: { countries: Set<string>; today: string },
): { ok: true; input: AssessmentInput } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const problem = (field: string, message: FormProblem['message']) => problems.push({ field, message })
  if (!known.countries.has(form.country)) problem('country', 'assessment.problem.country')
  if (!ASSESSMENT_KINDS.includes(form.kind as AssessmentKind)) problem('kind', 'assessment.problem.kind')
  const startOk = isIsoDate(form.periodStart) && form.periodStart <= known.today
  if (!startOk) problem('period_start', 'assessment.problem.periodStart')
  if (!isIsoDate(form.periodEnd) || form.periodEnd > known.today) problem('period_end', 'assessment.problem.periodEnd')
  else if (startOk && form.periodEnd < form.periodStart) problem('period_end', 'assessment.problem.periodOrder')
  const scores = Object.fromEntries(FREEDOMS.map((f) => [f, score(form[f])])) as Record<Freedom, number | null>
  for (const f of FREEDOMS) if (Number.isNaN(scores[f])) problem(f, SCORE_PROBLEM[f])
  if (FREEDOMS.every((f) => form[f] === '')) problem('scores', 'assessment.problem.noScore')
  if (!TRENDS.includes(form.trend as Trend)) problem('trend', 'assessment.problem.trend')
  const justification = form.justification.trim()
  if (!justification || justification.length > JUSTIFICATION_MAX) problem('justification', 'assessment.problem.justification')
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    input: {
      countryCode: form.country,
      kind: form.kind as AssessmentKind,
      periodStart: form.periodStart,
      periodEnd: form.periodEnd,
      scores,
      trend: form.trend as Trend,
      justification,
    },
  }
}
