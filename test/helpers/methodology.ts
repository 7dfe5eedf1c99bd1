import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { DEFAULT_METHODOLOGY } from '../../src/features/methodology/methodology.js'
import { FIELD, indicatorField, severityField, type MethodologyForm } from '../../src/features/methodology/methodology.form.js'
import { methodologyInForce } from '../../src/features/methodology/methodology.queries.js'

/** The fields a browser sends for a methodology form, in the form's own names. */
export function formFields(form: MethodologyForm): [string, string][] {
  const fields: [string, string][] = []
  form.indicators.forEach((row, i) => {
    for (const name of ['key', 'name', 'source', 'min', 'max', 'weight', 'max_age'] as const)
      fields.push([indicatorField(i, name), row[name]])
    for (const freedom of row.freedoms) fields.push([indicatorField(i, 'freedoms'), freedom])
    if (row.higherIsFreer) fields.push([indicatorField(i, 'higher'), 'yes'])
  })
  fields.push(
    [FIELD.keyScores, form.components.keyScores],
    [FIELD.keyAnalysis, form.components.keyAnalysis],
    [FIELD.partnerInput, form.components.partnerInput],
    [FIELD.partnerTrendPoints, form.partnerTrendPoints],
    [FIELD.assessmentMaxAgeMonths, form.assessmentMaxAgeMonths],
    [FIELD.windowMonths, form.incident.windowMonths],
    [FIELD.baselineYears, form.incident.baselineYears],
    [FIELD.pointsPerDoubling, form.incident.pointsPerDoubling],
    [FIELD.maxPoints, form.incident.maxPoints],
    [FIELD.smoothing, form.incident.smoothing],
    [FIELD.perKilled, form.incident.perKilled],
    [FIELD.minVotes, form.quorum.minVotes],
    [FIELD.approvalShare, form.quorum.approvalShare],
    [FIELD.notes, form.notes],
  )
  for (const [key, value] of Object.entries(form.severity)) fields.push([severityField(key), value])
  for (const [freedom, value] of Object.entries(form.overall)) fields.push([`overall_${freedom}`, value])
  for (const [category, value] of Object.entries(form.bands)) fields.push([`band_${category}`, value])
  return fields
}

/** The seed publishes version 'v1'; a template made before that seed existed gets it here. */
export async function ensureMethodologyInForce(db: Kysely<DB>): Promise<void> {
  if (await methodologyInForce(db)) return
  await db
    .insertInto('methodology_versions')
    .values({
      label: 'v1',
      status: 'published',
      config: JSON.stringify(DEFAULT_METHODOLOGY),
      notes: 'Fictional notes for the first version.',
      published_at: new Date('2020-01-01T00:00:00Z'),
    })
    .execute()
}
