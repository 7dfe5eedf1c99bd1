import type { ContentLanguage } from '../../db/schema.js'
import { categoryFor } from '../methodology/engine.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import type { FormProblem } from '../../lib/errors.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'
import { parseIdList } from '../../lib/id-list.js'

/** A rating decision as its form holds it: text as typed, so a refused form comes back unchanged. */
export interface DecisionForm {
  country: string
  toCategory: string
  toScore: string
  rationale: Record<ContentLanguage, string>
  evidence: string
  underReview: boolean
}

export interface DecisionDraft {
  countryCode: string
  toCategory: Category
  toScore: number
  rationale: Partial<Record<ContentLanguage, string>>
  evidence: number[]
  underReview: boolean
}

type Body = Record<string, string | string[] | undefined>
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? ''))

export const MAX_EVIDENCE = 50

export function readDecisionForm(body: Body): DecisionForm {
  return {
    country: one(body.country).trim().toUpperCase(),
    toCategory: one(body.to_category).trim(),
    toScore: one(body.to_score).trim(),
    rationale: Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, one(body[`rationale_${l}`]).trim()])) as Record<ContentLanguage, string>,
    evidence: one(body.evidence).trim(),
    underReview: one(body.under_review) === 'on' || one(body.under_review) === 'true',
  }
}

/** Checks what can be checked without the database; evidence ids are checked against it by the service. */
export function checkDecisionForm(
  form: DecisionForm,
  bands: MethodologyConfig['bands'],
): { ok: true; draft: DecisionDraft } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  if (!/^[A-Z]{3}$/.test(form.country)) problems.push({ field: 'country', message: 'decision.problem.country' })
  const category = CATEGORIES.find((c) => c === form.toCategory)
  if (!category) problems.push({ field: 'to_category', message: 'decision.problem.category' })
  const score = /^[0-9]{1,3}$/.test(form.toScore) ? Number(form.toScore) : NaN
  if (!(score >= 1 && score <= 100)) problems.push({ field: 'to_score', message: 'decision.problem.score' })
  else if (category && categoryFor(score, bands) !== category) problems.push({ field: 'to_score', message: 'decision.problem.scoreBand' })
  const rationale: Partial<Record<ContentLanguage, string>> = {}
  for (const language of CONTENT_LANGUAGES) {
    const text = form.rationale[language]
    if (text.length > 10_000) problems.push({ field: `rationale_${language}`, message: 'decision.problem.rationaleLength' })
    else if (text) rationale[language] = text
  }
  if (Object.keys(rationale).length === 0) problems.push({ field: 'rationale_en', message: 'decision.problem.rationale' })
  const evidence = parseIdList(form.evidence, MAX_EVIDENCE)
  if (!evidence) problems.push({ field: 'evidence', message: 'decision.problem.evidence', params: { max: MAX_EVIDENCE } })
  if (problems.length > 0 || !category || !evidence) return { ok: false, problems }
  return {
    ok: true,
    draft: { countryCode: form.country, toCategory: category, toScore: score, rationale, evidence, underReview: form.underReview },
  }
}

export function draftToForm(draft: Omit<DecisionDraft, 'toScore'> & { toScore: number }): DecisionForm {
  return {
    country: draft.countryCode,
    toCategory: draft.toCategory,
    toScore: String(draft.toScore),
    rationale: Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, draft.rationale[l] ?? ''])) as Record<ContentLanguage, string>,
    evidence: draft.evidence.join(', '),
    underReview: draft.underReview,
  }
}
