import { readFile } from 'node:fs/promises'
import type { Kysely } from 'kysely'
import { withActor } from '../db/audit.js'
import type { DB, Vocabulary } from '../db/schema.js'
import { TAXONOMY_FILE } from './inputs.js'
import { LOCALES } from '../lib/i18n.js'

/**
 * The vocabularies of SPEC.md ("Taxonomy"), in five languages: seed/taxonomy.json holds
 * rows of [key, en, ru, es, fr, ar]: its columns follow LOCALES. Seeding adds missing terms and
 * never changes or removes one an administrator has edited.
 */

export async function seedTaxonomy(db: Kysely<DB>): Promise<number> {
  const source = JSON.parse(await readFile(TAXONOMY_FILE, 'utf8')) as Record<Vocabulary, string[][]>
  const rows = Object.entries(source).flatMap(([vocabulary, terms]) =>
    terms.map(([key, ...names], position) => ({
      vocabulary: vocabulary as Vocabulary,
      key: key!,
      position,
      labels: JSON.stringify(Object.fromEntries(LOCALES.map((language, i) => [language, names[i]]))),
    })),
  )
  const result = await withActor(db, { name: 'seed' }, (trx) =>
    trx
      .insertInto('taxonomy_terms')
      .values(rows)
      .onConflict((oc) => oc.columns(['vocabulary', 'key']).doNothing())
      .executeTakeFirst(),
  )
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}
