import type { Freedom } from '../../db/schema.js'
import type { Category } from '../ratings/scale.js'

/**
 * What a methodology version says (SPEC.md "Methodology"): which third-party indicators count,
 * how each is rebased to 1-100, the weights per freedom and overall, the category bands, the
 * incident signal and the panel's quorum rule. Stored as JSON on methodology_versions.config.
 */
export interface IndicatorSpec {
  /** The key indicator values are stored under (import indicators --source). */
  key: string
  name: string
  source: string
  /** The freedoms this indicator informs. */
  freedoms: Freedom[]
  /** The indicator's own scale; rebased linearly onto 1-100. */
  min: number
  max: number
  /** false when a lower raw value means more freedom (Freedom House 1-7, RSF's old scale). */
  higherIsFreer: boolean
  /** Relative weight among the key scores of a freedom. */
  weight: number
  /** Values older than this many years before the date are ignored. */
  maxAgeYears: number
}

export interface MethodologyConfig {
  indicators: IndicatorSpec[]
  /** Weights of the three level inputs within each freedom; missing inputs drop out and the rest are rescaled. */
  components: { keyScores: number; keyAnalysis: number; partnerInput: number }
  /** Points a partner's trend adds (improving) or takes away (declining) from the partner's score. */
  partnerTrendPoints: number
  /** Assessments whose period ended longer ago than this are ignored. */
  assessmentMaxAgeMonths: number
  incidentSignal: {
    windowMonths: number
    baselineYears: number
    /** Points the signal moves a freedom score per doubling of violations against the baseline. */
    pointsPerDoubling: number
    /** The most the signal moves a freedom score, either way. */
    maxPoints: number
    /** Added to both sides of the ratio so that few incidents make a small signal. */
    smoothing: number
    /** Severity weight per violation term key; others count 1. */
    severity: Record<string, number>
    /** Extra weight per person killed. */
    perKilled: number
  }
  /** Weights of the freedoms in the overall score. */
  overall: Record<Freedom, number>
  /** Lowest score of each category but the last; closed runs from 1. */
  bands: Record<Exclude<Category, 'closed'>, number>
  quorum: QuorumRule
}

export interface QuorumRule {
  /** At least this many votes (approve, reject or abstain; conflicts excluded). */
  minVotes: number
  /** Approvals must be more than this share of the votes cast. */
  approvalShare: number
}

/**
 * Version 1, seeded as the version in force. Indicator keys match seed/indicators. The ends
 * of the V-Dem and RSF scales are calibrated against the CIVICUS 2021 snapshot (see the seed's notes).
 */
export const DEFAULT_METHODOLOGY: MethodologyConfig = {
  indicators: [
    {
      key: 'fh_cl',
      name: 'Freedom in the World: civil liberties',
      source: 'Freedom House',
      freedoms: ['association', 'assembly', 'expression'],
      min: 1,
      max: 7,
      higherIsFreer: false,
      weight: 1,
      maxAgeYears: 3,
    },
    {
      key: 'vdem_ccsi',
      name: 'Core civil society index (v2xcs_ccsi)',
      source: 'V-Dem Institute',
      freedoms: ['association', 'assembly'],
      min: 0.3,
      max: 1,
      higherIsFreer: true,
      weight: 1,
      maxAgeYears: 3,
    },
    {
      key: 'vdem_freexp',
      name: 'Freedom of expression and alternative sources of information (v2x_freexp_altinf)',
      source: 'V-Dem Institute',
      freedoms: ['expression'],
      min: 0.3,
      max: 1,
      higherIsFreer: true,
      weight: 1,
      maxAgeYears: 3,
    },
    {
      key: 'rsf',
      name: 'World Press Freedom Index (score, 2013-2021 scale)',
      source: 'Reporters Without Borders',
      freedoms: ['expression'],
      min: 0,
      max: 70,
      higherIsFreer: false,
      weight: 1,
      maxAgeYears: 3,
    },
  ],
  components: { keyScores: 0.5, keyAnalysis: 0.3, partnerInput: 0.2 },
  partnerTrendPoints: 5,
  assessmentMaxAgeMonths: 24,
  incidentSignal: {
    windowMonths: 12,
    baselineYears: 3,
    pointsPerDoubling: 4,
    maxPoints: 10,
    smoothing: 3,
    severity: { killing: 5, 'death-in-custody': 5, torture: 4, 'excessive-force': 3, 'detention-of-hrd': 3, 'detention-of-journalists': 3 },
    perKilled: 1,
  },
  overall: { association: 1, assembly: 1, expression: 1 },
  bands: { open: 81, narrowed: 61, obstructed: 41, repressed: 21 },
  quorum: { minVotes: 3, approvalShare: 0.5 },
}
