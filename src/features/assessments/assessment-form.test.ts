import { describe, expect, it } from 'vitest'
import { checkAssessmentForm, EMPTY_ASSESSMENT, readAssessmentForm, type AssessmentForm } from './assessment-form.js'

const known = { countries: new Set(['XQA']), today: '2030-06-01' }
const good: AssessmentForm = {
  ...EMPTY_ASSESSMENT,
  country: 'XQA',
  kind: 'analysis',
  periodStart: '2030-01-01',
  periodEnd: '2030-03-31',
  assembly: '35',
  trend: 'declining',
  justification: '  Fictional reasons.  ',
}
const problemsOf = (form: Partial<AssessmentForm>) => {
  const result = checkAssessmentForm({ ...good, ...form }, known)
  return result.ok ? [] : result.problems.map((p) => `${p.field}: ${p.message}`)
}

describe('assessment form checks', () => {
  it('accepts a complete assessment, blank scores as not scored, the justification trimmed', () => {
    const result = checkAssessmentForm(good, known)
    expect(result).toEqual({
      ok: true,
      input: {
        countryCode: 'XQA',
        kind: 'analysis',
        periodStart: '2030-01-01',
        periodEnd: '2030-03-31',
        scores: { association: null, assembly: 35, expression: null },
        trend: 'declining',
        justification: 'Fictional reasons.',
      },
    })
  })

  it('reads the form fields, upper-casing the country', () => {
    expect(readAssessmentForm({ country: ' xqa ', period_start: '2030-01-01', association: ' 7 ', justification: ' kept ' })).toMatchObject(
      {
        country: 'XQA',
        periodStart: '2030-01-01',
        association: '7',
        justification: ' kept ',
      },
    )
  })

  it('names each problem by field', () => {
    expect(problemsOf({ country: 'XQZ' })).toEqual(['country: assessment.problem.country'])
    expect(problemsOf({ kind: 'opinion' })).toEqual(['kind: assessment.problem.kind'])
    expect(problemsOf({ periodStart: '2030-02-30' })).toEqual(['period_start: assessment.problem.periodStart'])
    expect(problemsOf({ periodStart: '2030-06-02', periodEnd: '2030-07-01' })).toEqual([
      'period_start: assessment.problem.periodStart',
      'period_end: assessment.problem.periodEnd',
    ])
    // A period that has not ended yet would change the computed scores later, silently.
    expect(problemsOf({ periodEnd: '2030-06-02' })).toEqual(['period_end: assessment.problem.periodEnd'])
    expect(problemsOf({ periodEnd: '' })).toEqual(['period_end: assessment.problem.periodEnd'])
    expect(problemsOf({ periodEnd: '2029-12-31' })).toEqual(['period_end: assessment.problem.periodOrder'])
    expect(problemsOf({ trend: 'sideways' })).toEqual(['trend: assessment.problem.trend'])
    expect(problemsOf({ justification: '   ' })).toEqual(['justification: assessment.problem.justification'])
    expect(problemsOf({ justification: 'x'.repeat(10_001) })).toEqual(['justification: assessment.problem.justification'])
    expect(problemsOf({ assembly: '' })).toEqual(['scores: assessment.problem.noScore'])
  })

  it('takes scores only as whole numbers from 1 to 100', () => {
    for (const bad of ['0', '101', '50.5', '-3', 'ten', '1e2', '0x10'])
      expect(problemsOf({ association: bad }), bad).toEqual(['association: assessment.problem.associationScore'])
    for (const fine of ['1', '100', '050']) expect(problemsOf({ expression: fine }), fine).toEqual([])
  })
})
