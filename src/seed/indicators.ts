import { readFile } from 'node:fs/promises'
import { sql, type Kysely } from 'kysely'
import { withActor, type Actor } from '../db/audit.js'
import type { DB } from '../db/schema.js'
import { DEFAULT_METHODOLOGY } from '../features/methodology/methodology.js'
import { importIndicators, type IndicatorWritten } from '../features/methodology/indicators.service.js'
import type { UnmatchedCountry } from '../features/methodology/indicators.import.js'
import { INDICATORS_DIR } from './inputs.js'

/**
 * Methodology version 1 and the third-party indicator values it reads (seed/indicators,
 * sources in seed/README.md), each added only to an empty table so that a database in use
 * keeps what its admins did.
 */
export const INDICATOR_SEED_FILES: { source: string; file: string }[] = [
  { source: 'freedom-house', file: 'freedom_house_fiw_1995_2020.csv' },
  { source: 'rsf', file: 'rsf_press_freedom_2013_2021.csv' },
  { source: 'vdem', file: 'vdem_core_indices_demspaces_1968_on.csv' },
]

export const METHODOLOGY_V1_NOTES =
  'Version 1 scores association, assembly and expression from 1 to 100 (higher is freer). Within each ' +
  'freedom, third-party key scores count for half (Freedom House civil liberties, the V-Dem core civil ' +
  'society and freedom of expression indices, and the RSF press freedom score, each rebased to 1-100 and ' +
  'used when at most three years old), researchers’ key analysis for 30% and research partners’ input for ' +
  '20%; a missing input drops out and the others are rescaled. Severity-weighted incidents of the last 12 ' +
  'months, against the country’s own three-year baseline, move a freedom score by up to 10 points. The ' +
  'overall score is the mean of the three freedoms and falls into the published bands (open from 81, ' +
  'narrowed from 61, obstructed from 41, repressed from 21, closed below). A computed change only raises a ' +
  'review flag: a rating changes through a panel decision with at least three votes and a majority approving.\n\n' +
  'Calibration: V-Dem values of 0.3 or less and RSF scores of 70 or more count as the lowest score (1). ' +
  'With these ends, the scores computed for 31 December 2020 from the three indices alone put 122 of 196 ' +
  'countries in the same category as the CIVICUS Monitor snapshot of 19 March 2021, and 191 within one category.'

/** Inserts DEFAULT_METHODOLOGY as the published version 'v1' when there is no version yet. */
export async function seedMethodology(db: Kysely<DB>, actor: Actor): Promise<'added' | 'kept'> {
  if (await db.selectFrom('methodology_versions').select('id').limit(1).executeTakeFirst()) return 'kept'
  const added = await withActor(db, actor, (trx) =>
    trx
      .insertInto('methodology_versions')
      .values({
        label: 'v1',
        status: 'published',
        config: JSON.stringify(DEFAULT_METHODOLOGY),
        notes: METHODOLOGY_V1_NOTES,
        published_at: sql<Date>`now()`,
      })
      .onConflict((oc) => oc.column('label').doNothing())
      .executeTakeFirst(),
  )
  return Number(added.numInsertedOrUpdatedRows ?? 0) > 0 ? 'added' : 'kept'
}

export interface IndicatorSeed {
  written: IndicatorWritten[]
  /** Countries of the files that we do not monitor (seed/README.md lists them). */
  unmatched: UnmatchedCountry[]
}

/** Imports the seed files through the same checks as the CLI, when no value is stored yet. */
export async function seedIndicators(db: Kysely<DB>, actor: Actor): Promise<IndicatorSeed | 'kept'> {
  if (await db.selectFrom('indicator_values').select('indicator').limit(1).executeTakeFirst()) return 'kept'
  const seeded: IndicatorSeed = { written: [], unmatched: [] }
  for (const { source, file } of INDICATOR_SEED_FILES) {
    const outcome = await importIndicators(db, await readFile(new URL(file, INDICATORS_DIR), 'utf8'), { source, actor })
    if (outcome.errors.length > 0) {
      const lines = outcome.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n')
      throw new Error(`The seed file ${file} did not import:\n${lines}`)
    }
    seeded.written.push(...outcome.written)
    seeded.unmatched.push(...outcome.unmatched)
  }
  return seeded
}
