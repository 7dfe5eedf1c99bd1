import { sql, type Kysely } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { ContentLanguage, DB, Vocabulary } from '../../db/schema.js'
import type { FormProblem } from '../../lib/errors.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

/**
 * Administrators keep the vocabularies: add a term, rename it in any language, retire it (it
 * stays on what already uses it, and leaves the forms) or bring it back, and delete a term only
 * when nothing uses it.
 */
export const VOCABULARIES: Vocabulary[] = ['violation', 'positive', 'victim', 'perpetrator', 'topic']
export type Labels = Record<ContentLanguage, string>

export async function termUsage(db: Kysely<DB>): Promise<Map<number, number>> {
  const rows = await sql<{ id: number; n: number }>`
    select id, (select count(*) from update_tags where term_id = t.id)
      + (select count(*) from incidents where type_id = t.id or victim_id = t.id or perpetrator_id = t.id) as n
    from taxonomy_terms t`.execute(db)
  return new Map(rows.rows.map((r) => [Number(r.id), Number(r.n)]))
}

export function labelProblems(labels: Labels): FormProblem[] {
  const problems: FormProblem[] = []
  if (!labels.en || labels.en.length > 120) problems.push({ field: 'label_en', message: 'taxonomy.problem.english' })
  for (const language of CONTENT_LANGUAGES)
    if (labels[language].length > 120) problems.push({ field: `label_${language}`, message: 'taxonomy.problem.long' })
  return problems
}

export async function addTerm(
  db: Kysely<DB>,
  input: { vocabulary: string; key: string; labels: Labels },
  actor: Actor,
): Promise<FormProblem[]> {
  const problems = labelProblems(input.labels)
  if (!VOCABULARIES.includes(input.vocabulary as Vocabulary)) problems.push({ field: 'vocabulary', message: 'taxonomy.problem.vocabulary' })
  if (!/^[a-z0-9-]{1,60}$/.test(input.key)) problems.push({ field: 'key', message: 'taxonomy.problem.key' })
  if (problems.length > 0) return problems
  const taken = await db
    .selectFrom('taxonomy_terms')
    .select('id')
    .where('vocabulary', '=', input.vocabulary as Vocabulary)
    .where('key', '=', input.key)
    .executeTakeFirst()
  if (taken) return [{ field: 'key', message: 'taxonomy.problem.keyTaken' }]
  const position = await db
    .selectFrom('taxonomy_terms')
    .select((eb) => eb.fn.max('position').as('p'))
    .where('vocabulary', '=', input.vocabulary as Vocabulary)
    .executeTakeFirst()
  await withActor(db, actor, (trx) =>
    trx
      .insertInto('taxonomy_terms')
      .values({
        vocabulary: input.vocabulary as Vocabulary,
        key: input.key,
        labels: JSON.stringify(cleanLabels(input.labels)),
        position: Number(position?.p ?? 0) + 1,
      })
      .execute(),
  )
  return []
}

export async function relabelTerm(db: Kysely<DB>, id: number, labels: Labels, actor: Actor): Promise<FormProblem[]> {
  const problems = labelProblems(labels)
  if (problems.length > 0) return problems
  await withActor(db, actor, (trx) =>
    trx
      .updateTable('taxonomy_terms')
      .set({ labels: JSON.stringify(cleanLabels(labels)) })
      .where('id', '=', id)
      .execute(),
  )
  return []
}

export async function setRetired(db: Kysely<DB>, id: number, retired: Date | null, actor: Actor): Promise<void> {
  await withActor(db, actor, (trx) => trx.updateTable('taxonomy_terms').set({ retired_at: retired }).where('id', '=', id).execute())
}

/** Deletes an unused term; a term in use is refused (it can only be retired). */
export async function deleteTerm(db: Kysely<DB>, id: number, actor: Actor): Promise<'deleted' | 'in-use'> {
  if (((await termUsage(db)).get(id) ?? 0) > 0) return 'in-use'
  await withActor(db, actor, (trx) => trx.deleteFrom('taxonomy_terms').where('id', '=', id).execute())
  return 'deleted'
}

/** Empty translations are left out: the English name stands in for them. */
function cleanLabels(labels: Labels): Partial<Labels> & { en: string } {
  return Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== '')) as Partial<Labels> & { en: string }
}
