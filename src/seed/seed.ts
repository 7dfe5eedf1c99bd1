import { readFile } from 'node:fs/promises'
import { parse } from 'csv-parse/sync'
import type { Kysely } from 'kysely'
import { withActor } from '../db/audit.js'
import type { DB } from '../db/schema.js'
import { importRatings, type ImportOutcome } from '../features/ratings/ratings.service.js'
import { SNAPSHOT_KEY_ALIASES } from '../features/ratings/ratings.import.js'
import { buildCountry, parsePopulation } from './countries.source.js'
import { seedIndicators, seedMethodology, type IndicatorSeed } from './indicators.js'
import { seedTaxonomy } from './taxonomy.js'
import { POPULATION_FILE, SNAPSHOT_FILE } from './inputs.js'

/**
 * The project's own seed data: the 197 countries and territories monitored in the CIVICUS
 * snapshot, with population, and that snapshot's ratings; the taxonomy; methodology version 1
 * and the third-party indicator values it reads. See seed/README.md for sources.
 */
const SEED_ACTOR = { name: 'seed' }
export const SNAPSHOT_SOURCE = 'CIVICUS Monitor, snapshot of 19 March 2021 (CC BY-SA 4.0)'

export interface SeedSummary {
  countriesAdded: number
  ratings: ImportOutcome | 'kept'
  termsAdded: number
  methodology: 'added' | 'kept'
  /** Values imported per indicator, or 'kept' when the table already had values. */
  indicators: IndicatorSeed | 'kept'
}

/**
 * Adds what is missing: countries always; the ratings snapshot, methodology version 1 and the
 * indicator values each only into an empty table.
 */
export async function seed(db: Kysely<DB>, today: string): Promise<SeedSummary> {
  const snapshot = await readFile(SNAPSHOT_FILE, 'utf8')
  const population = parsePopulation(await readFile(POPULATION_FILE, 'utf8'))
  const codes = monitoredCodes(snapshot)
  const added = await withActor(db, SEED_ACTOR, (trx) =>
    trx
      .insertInto('countries')
      .values(
        codes.map((code) => {
          const country = buildCountry(code, population)
          return { ...country, names: JSON.stringify(country.names) }
        }),
      )
      .onConflict((oc) => oc.column('code').doNothing())
      .executeTakeFirst(),
  )
  const hasRatings = await db.selectFrom('ratings').select('id').limit(1).executeTakeFirst()
  const ratings = hasRatings ? 'kept' : await importRatings(db, snapshot, { today, defaultSource: SNAPSHOT_SOURCE, actor: SEED_ACTOR })
  if (ratings !== 'kept' && ratings.errors.length > 0) {
    throw new Error(`The seed snapshot did not import:\n${ratings.errors.map((e) => `line ${e.line}: ${e.message}`).join('\n')}`)
  }
  const termsAdded = await seedTaxonomy(db)
  const methodology = await seedMethodology(db, SEED_ACTOR)
  const indicators = await seedIndicators(db, SEED_ACTOR)
  return { countriesAdded: Number(added.numInsertedOrUpdatedRows ?? 0), ratings, termsAdded, methodology, indicators }
}

/** The monitored countries are the snapshot's keys, mapped to ISO alpha-3 codes. */
export function monitoredCodes(snapshot: string): string[] {
  const rows = parse<{ key: string }>(snapshot, { bom: true, columns: true, skip_empty_lines: true })
  return rows.map((row) => SNAPSHOT_KEY_ALIASES[row.key] ?? row.key)
}
