import type { Kysely } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import { violates } from '../../db/constraint.js'
import type { DB } from '../../db/schema.js'
import { refused, type FormProblem } from '../../lib/errors.js'
import { DEFAULT_METHODOLOGY, type MethodologyConfig } from './methodology.js'
import { checkMethodologyForm, configToForm, LABEL_PATTERN } from './methodology.form.js'
import { methodologyById, methodologyInForce } from './methodology.queries.js'

/**
 * The writes of methodology versions. Drafts are copied, edited, published or deleted; a
 * published version never changes again (the database refuses it too, migration 0006), so
 * every write here touches only rows still in draft and says plainly when there was none.
 */
export type DraftOutcome = 'done' | 'missing' | 'published'

/** A new draft, copied from a version (the one in force when `fromId` is null); returns its id. */
export async function createDraft(db: Kysely<DB>, input: { label: string; fromId: number | null }, actor: Actor): Promise<number> {
  const label = input.label.trim()
  if (!LABEL_PATTERN.test(label)) throw refuse({ field: 'label', message: 'methodology.problem.label' })
  const source = input.fromId === null ? await methodologyInForce(db) : await methodologyById(db, input.fromId)
  if (input.fromId !== null && !source) throw refuse({ field: 'from', message: 'methodology.problem.from' })
  const taken = await db.selectFrom('methodology_versions').select('id').where('label', '=', label).executeTakeFirst()
  if (taken) throw refuse(LABEL_TAKEN)
  try {
    const row = await withActor(db, actor, (trx) =>
      trx
        .insertInto('methodology_versions')
        .values({ label, status: 'draft', config: JSON.stringify(source?.config ?? DEFAULT_METHODOLOGY), notes: source?.notes ?? '' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    return Number(row.id)
  } catch (error) {
    // Someone took the label between the check and the insert.
    if (violates(error, 'methodology_versions_label_key')) throw refuse(LABEL_TAKEN)
    throw error
  }
}

// The new-draft form shows these beside their field, with the 422 of a form's problems.
const refuse = (problem: FormProblem) => refused(problem, 422)
const LABEL_TAKEN: FormProblem = { field: 'label', message: 'methodology.problem.labelTaken' }

export async function saveDraft(db: Kysely<DB>, id: number, config: MethodologyConfig, notes: string, actor: Actor): Promise<DraftOutcome> {
  const result = await withActor(db, actor, (trx) =>
    trx
      .updateTable('methodology_versions')
      .set({ config: JSON.stringify(config), notes })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst(),
  )
  return Number(result.numUpdatedRows) === 1 ? 'done' : whyNot(db, id)
}

/**
 * Makes a draft the version in force. Its configuration passes the form's checks again: a draft
 * copied from an older version is published only if it still makes sense.
 */
export async function publishDraft(db: Kysely<DB>, id: number, now: Date, actor: Actor): Promise<DraftOutcome | 'invalid'> {
  const version = await methodologyById(db, id)
  if (!version) return 'missing'
  if (version.status === 'published') return 'published'
  if (!checkMethodologyForm(configToForm(version.config, version.notes, [])).ok) return 'invalid'
  const result = await withActor(db, actor, (trx) =>
    trx
      .updateTable('methodology_versions')
      .set({ status: 'published', published_at: now })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst(),
  )
  return Number(result.numUpdatedRows) === 1 ? 'done' : whyNot(db, id)
}

export async function deleteDraft(db: Kysely<DB>, id: number, actor: Actor): Promise<DraftOutcome> {
  const result = await withActor(db, actor, (trx) =>
    trx.deleteFrom('methodology_versions').where('id', '=', id).where('status', '=', 'draft').executeTakeFirst(),
  )
  return Number(result.numDeletedRows) === 1 ? 'done' : whyNot(db, id)
}

async function whyNot(db: Kysely<DB>, id: number): Promise<'missing' | 'published'> {
  return (await methodologyById(db, id)) ? 'published' : 'missing'
}

/** The label a new draft is offered: one more than the highest 'vN' so far. */
export function nextLabel(labels: string[]): string {
  const numbers = labels.map((l) => /^v(\d{1,6})$/.exec(l)?.[1]).filter((n): n is string => n !== undefined)
  return `v${Math.max(0, ...numbers.map(Number)) + 1}`
}
