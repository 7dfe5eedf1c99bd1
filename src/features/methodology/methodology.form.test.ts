import { describe, expect, it } from 'vitest'
import { formFields } from '../../../test/helpers/methodology.js'
import type { FormProblem } from '../../lib/errors.js'
import { DEFAULT_METHODOLOGY } from './methodology.js'
import { checkMethodologyForm, configToForm, decimal, readMethodologyForm, type Body, type MethodologyForm } from './methodology.form.js'
import { nextLabel } from './methodology.service.js'

const TERMS = ['killing', 'torture', 'fictional-harassment']
const valid = (): MethodologyForm => configToForm(DEFAULT_METHODOLOGY, 'Fictional notes.', TERMS)
const bodyOf = (fields: [string, string][]): Body => {
  const body: Body = {}
  for (const [name, value] of fields) {
    const had = body[name]
    body[name] = had === undefined ? value : [had, value].flat()
  }
  return body
}
const problemsOf = (change: (form: MethodologyForm) => void): FormProblem[] => {
  const form = valid()
  change(form)
  const checked = checkMethodologyForm(form)
  return checked.ok ? [] : checked.problems
}

describe('methodology form', () => {
  it('round-trips the default version: config → form → fields → form → config', () => {
    const form = valid()
    const read = readMethodologyForm(bodyOf(formFields(form)), Object.keys(form.severity))
    expect(read).toEqual(form)
    const checked = checkMethodologyForm(read)
    expect(checked).toEqual({ ok: true, config: DEFAULT_METHODOLOGY, notes: 'Fictional notes.' })
  })

  it('reads checkboxes per indicator row, and only the severity terms it is given', () => {
    const form = readMethodologyForm(
      bodyOf([
        ['ind_0_key', 'fictional_a'],
        ['ind_0_freedoms', 'assembly'],
        ['ind_0_freedoms', 'expression'],
        ['ind_2_key', 'fictional_b'],
        ['ind_2_higher', 'yes'],
        ['ind_45_key', 'too_many'],
        ['sev_killing', '7'],
        ['sev_unknown', '9'],
      ]),
      ['killing', 'torture'],
    )
    expect(form.indicators.map((i) => [i.key, i.freedoms, i.higherIsFreer])).toEqual([
      ['fictional_a', ['assembly', 'expression'], false],
      ['fictional_b', [], true],
    ])
    // A term the form did not show (added meanwhile) counts 1.
    expect(form.severity).toEqual({ killing: '7', torture: '1' })
  })

  it('stores only severities other than 1, and drops indicator rows never filled in', () => {
    const checked = checkMethodologyForm(
      (() => {
        const form = valid()
        form.severity = { killing: '6', torture: '1', 'fictional-harassment': '0.5' }
        form.indicators.push({ ...form.indicators[0]!, key: '', name: '', source: '', min: '', max: '' })
        return form
      })(),
    )
    expect(checked.ok && checked.config.incidentSignal.severity).toEqual({ killing: 6, 'fictional-harassment': 0.5 })
    expect(checked.ok && checked.config.indicators).toHaveLength(DEFAULT_METHODOLOGY.indicators.length)
  })

  it('accepts plain decimals only', () => {
    expect([decimal('3'), decimal('0.25'), decimal('.5'), decimal('-2')]).toEqual([3, 0.25, 0.5, -2])
    for (const bad of ['', '1e3', 'Infinity', '1,5', '0x10', ' ', '9'.repeat(400)]) expect(decimal(bad)).toBeNaN()
  })

  const cases: [string, (form: MethodologyForm) => void, string, string][] = [
    ['a negative indicator weight', (f) => (f.indicators[0]!.weight = '-1'), 'ind_0_weight', 'methodology.problem.indicatorWeight'],
    [
      'no indicator weighing anything',
      (f) => f.indicators.forEach((i) => (i.weight = '0')),
      'indicators',
      'methodology.problem.indicatorsAllZero',
    ],
    ['no indicators at all', (f) => (f.indicators = []), 'indicators', 'methodology.problem.indicatorsAllZero'],
    [
      'a component weight that is not a number',
      (f) => (f.components.keyAnalysis = 'half'),
      'comp_key_analysis',
      'methodology.problem.componentWeight',
    ],
    [
      'a negative component weight',
      (f) => (f.components.partnerInput = '-0.2'),
      'comp_partner_input',
      'methodology.problem.componentWeight',
    ],
    [
      'every component weighing 0',
      (f) => (f.components = { keyScores: '0', keyAnalysis: '0', partnerInput: '0' }),
      'comp_key_scores',
      'methodology.problem.componentsAllZero',
    ],
    ['a negative freedom weight', (f) => (f.overall.assembly = '-1'), 'overall_assembly', 'methodology.problem.overallWeight'],
    [
      'every freedom weighing 0',
      (f) => (f.overall = { association: '0', assembly: '0', expression: '0' }),
      'overall_association',
      'methodology.problem.overallAllZero',
    ],
    ['a band that is not a whole number', (f) => (f.bands.obstructed = '40.5'), 'band_obstructed', 'methodology.problem.bandInteger'],
    ['bands that do not decrease', (f) => (f.bands.narrowed = f.bands.open), 'band_narrowed', 'methodology.problem.bandOrder'],
    ['a band above the one before it', (f) => (f.bands.obstructed = '70'), 'band_obstructed', 'methodology.problem.bandOrder'],
    ['an open band above 100', (f) => (f.bands.open = '101'), 'band_open', 'methodology.problem.bandOrder'],
    ['a repressed band at 1', (f) => (f.bands.repressed = '1'), 'band_repressed', 'methodology.problem.bandOrder'],
    [
      'an indicator scale with min = max',
      (f) => (f.indicators[1]!.max = f.indicators[1]!.min),
      'ind_1_max',
      'methodology.problem.indicatorScaleEqual',
    ],
    ['an indicator scale without numbers', (f) => (f.indicators[0]!.min = 'low'), 'ind_0_min', 'methodology.problem.indicatorScale'],
    ['an indicator key out of pattern', (f) => (f.indicators[0]!.key = 'Fictional-Key'), 'ind_0_key', 'methodology.problem.indicatorKey'],
    [
      'an indicator key over 40 characters',
      (f) => (f.indicators[0]!.key = 'k'.repeat(41)),
      'ind_0_key',
      'methodology.problem.indicatorKey',
    ],
    [
      'two indicators with one key',
      (f) => (f.indicators[2]!.key = f.indicators[0]!.key),
      'ind_2_key',
      'methodology.problem.indicatorKeyTaken',
    ],
    ['an indicator without a freedom', (f) => (f.indicators[0]!.freedoms = []), 'ind_0_freedoms', 'methodology.problem.indicatorFreedoms'],
    [
      'an indicator with an unknown freedom',
      (f) => f.indicators[0]!.freedoms.push('religion'),
      'ind_0_freedoms',
      'methodology.problem.indicatorFreedoms',
    ],
    ['an indicator without a name', (f) => (f.indicators[3]!.name = ''), 'ind_3_name', 'methodology.problem.indicatorName'],
    ['an indicator without a source', (f) => (f.indicators[3]!.source = ''), 'ind_3_source', 'methodology.problem.indicatorSource'],
    ['an indicator maximum age of 0', (f) => (f.indicators[0]!.max_age = '0'), 'ind_0_max_age', 'methodology.problem.indicatorMaxAge'],
    ['a quorum of 0 votes', (f) => (f.quorum.minVotes = '0'), 'quorum_min_votes', 'methodology.problem.minVotes'],
    ['a quorum of 2.5 votes', (f) => (f.quorum.minVotes = '2.5'), 'quorum_min_votes', 'methodology.problem.minVotes'],
    [
      'an approval share under one half',
      (f) => (f.quorum.approvalShare = '0.49'),
      'quorum_approval_share',
      'methodology.problem.approvalShare',
    ],
    ['an approval share of 1', (f) => (f.quorum.approvalShare = '1'), 'quorum_approval_share', 'methodology.problem.approvalShare'],
    [
      'an approval share that is not a number',
      (f) => (f.quorum.approvalShare = ''),
      'quorum_approval_share',
      'methodology.problem.approvalShare',
    ],
    ['smoothing of 0', (f) => (f.incident.smoothing = '0'), 'inc_smoothing', 'methodology.problem.smoothing'],
    ['a window of 0 months', (f) => (f.incident.windowMonths = '0'), 'inc_window_months', 'methodology.problem.windowMonths'],
    ['a baseline of 1.5 years', (f) => (f.incident.baselineYears = '1.5'), 'inc_baseline_years', 'methodology.problem.baselineYears'],
    ['a maximum adjustment over 100', (f) => (f.incident.maxPoints = '101'), 'inc_max_points', 'methodology.problem.maxPoints'],
    [
      'negative points per doubling',
      (f) => (f.incident.pointsPerDoubling = '-4'),
      'inc_points_per_doubling',
      'methodology.problem.pointsPerDoubling',
    ],
    ['a negative weight per person killed', (f) => (f.incident.perKilled = '-1'), 'inc_per_killed', 'methodology.problem.perKilled'],
    ['a negative severity', (f) => (f.severity.torture = '-1'), 'sev_torture', 'methodology.problem.severity'],
    ['trend points over 100', (f) => (f.partnerTrendPoints = '150'), 'partner_trend_points', 'methodology.problem.trendPoints'],
    [
      'an assessment age of 0 months',
      (f) => (f.assessmentMaxAgeMonths = '0'),
      'assessment_max_age_months',
      'methodology.problem.assessmentAge',
    ],
    ['notes over 20,000 characters', (f) => (f.notes = 'x'.repeat(20_001)), 'notes', 'methodology.problem.notes'],
  ]
  it.each(cases)('refuses %s', (_, change, field, message) => {
    const problems = problemsOf(change)
    expect(problems.map((p) => [p.field, p.message])).toEqual([[field, message]])
  })

  it('accepts the edges of each range', () => {
    expect(
      problemsOf((f) => {
        f.quorum = { minVotes: '1', approvalShare: '0.5' }
        f.bands = { open: '100', narrowed: '4', obstructed: '3', repressed: '2' }
        f.components = { keyScores: '0', keyAnalysis: '0', partnerInput: '0.1' }
        f.indicators[0]!.weight = '0'
      }),
    ).toEqual([])
    expect(problemsOf((f) => (f.quorum.approvalShare = '0.99'))).toEqual([])
  })

  it('names a severity problem by its term', () => {
    expect(problemsOf((f) => (f.severity.killing = 'x'))[0]?.params).toEqual({ term: 'killing' })
  })

  it('offers the next numbered label', () => {
    expect(nextLabel([])).toBe('v1')
    expect(nextLabel(['v1', 'v3', 'fictional-2030'])).toBe('v4')
  })
})
