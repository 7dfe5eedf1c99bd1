import { sql, type Kysely, type Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB, PublicationStatus } from '../../db/schema.js'
import type { CurrentUser } from '../../lib/policies.js'
import { isTimeZone } from '../../lib/time-zones.js'
import { refused, stepProblem, type FormProblem } from '../../lib/errors.js'
import { cancelMailsOf } from '../mail/outbox.js'
import type { PublicationDraft } from './publication-form.js'

/**
 * Writing publications and moving them through their workflow: draft → review → scheduled
 * (embargo) → published (→ withdrawn); published ones change only by a correction, which keeps
 * the texts it replaced. Scheduling, unscheduling and saving a scheduled publication move its linked items
 * too: the publishing owner (features/publishing) does that, in one transaction, with the
 * functions ending in `In` below. Who may do it is the routes' business (policy
 * 'publication:write'); here, only when.
 */
export interface PublicationContext {
  user: CurrentUser
  ip: string | null
  now: Date
}

export type PublicationAction = 'submit' | 'return' | 'schedule' | 'publish_now' | 'unschedule' | 'withdraw'
export const PUBLICATION_ACTIONS: PublicationAction[] = ['submit', 'return', 'schedule', 'publish_now', 'unschedule', 'withdraw']
/** The steps the publishing owner takes (withdrawal is the publication's own, like a correction). */
export type PublishingAction = Exclude<PublicationAction, 'withdraw'>
const FROM: Record<PublicationAction, PublicationStatus[]> = {
  submit: ['draft'],
  return: ['review'],
  schedule: ['review', 'scheduled'],
  publish_now: ['review'],
  unschedule: ['scheduled'],
  withdraw: ['published'],
}

export function actionsFrom(status: PublicationStatus): PublicationAction[] {
  return PUBLICATION_ACTIONS.filter((action) => FROM[action].includes(status))
}

/** Who the audit log names for a publication's writes. */
export const actorOf = (c: PublicationContext) => ({ name: `user:${c.user.id}`, ip: c.ip })
/** Refuses the write with a problem on one field of the form. */
export const fail = (field: string, message: FormProblem['message'], params?: FormProblem['params']): never => {
  throw refused(params ? { field, message, params } : { field, message })
}

export async function createPublication(db: Kysely<DB>, c: PublicationContext, draft: PublicationDraft): Promise<number> {
  return withActor(db, actorOf(c), async (trx) => {
    await checkReferences(trx, draft, null)
    const row = await trx
      .insertInto('publications')
      .values({ ...columns(draft), created_by: c.user.id, created_at: c.now, updated_at: c.now, embargo_until: null, published_at: null })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeContent(trx, row.id, draft)
    return row.id
  })
}

/**
 * Saves a draft, or a publication under review or scheduled (journalists then read the new
 * text), in the caller's transaction, the row locked by lockPublication.
 */
export async function savePublicationIn(
  trx: Transaction<DB>,
  c: PublicationContext,
  current: LockedPublication,
  draft: PublicationDraft,
): Promise<void> {
  if (current.status === 'published') fail('title_en', 'publication.form.problem.published')
  if (current.status === 'withdrawn') fail('title_en', 'publication.form.problem.withdrawn')
  await checkReferences(trx, draft, current.id)
  await trx
    .updateTable('publications')
    .set({ ...columns(draft), updated_at: c.now })
    .where('id', '=', current.id)
    .execute()
  await clearContent(trx, current.id)
  await writeContent(trx, current.id, draft)
}

/**
 * Corrects a published publication: the texts change, a dated note says what and why, and the
 * texts before are kept. A published slug never changes (links to it must keep working).
 */
export async function correctPublication(
  db: Kysely<DB>,
  c: PublicationContext,
  id: number,
  draft: PublicationDraft,
  note: string,
): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    const current = await lockPublication(trx, id)
    if (current.status !== 'published') fail('note', 'publication.form.problem.notPublished')
    if (!note || note.length > 2000) fail('note', 'publication.form.problem.note')
    const before = await trx.selectFrom('publication_texts').selectAll().where('publication_id', '=', id).orderBy('id').execute()
    for (const old of before) {
      const now = draft.texts.find((t) => t.language === old.language)
      if (!now) fail(`title_${old.language}`, 'publication.form.problem.keepLanguage')
      else if (now.slug !== old.slug) fail(`slug_${old.language}`, 'publication.form.problem.slugFixed')
    }
    await checkReferences(trx, draft, id)
    await trx
      .insertInto('publication_corrections')
      .values({
        publication_id: id,
        note,
        before: JSON.stringify(
          before.map(({ language, title, summary, body, quotes, contacts }) => ({ language, title, summary, body, quotes, contacts })),
        ),
        corrected_by: c.user.id,
        corrected_at: c.now,
      })
      .execute()
    await trx
      .updateTable('publications')
      .set({ ...columns(draft), updated_at: c.now })
      .where('id', '=', id)
      .execute()
    await clearContent(trx, id)
    await writeContent(trx, id, draft)
  })
}

/**
 * Withdraws a published publication: it stays at its address, marked, with the date and the
 * reason (shown publicly, as an update's), and the e-mails announcing it that have not gone out
 * are cancelled in the same transaction. The one on its way, if any, still arrives.
 */
export async function withdrawPublication(db: Kysely<DB>, c: PublicationContext, id: number, reason: string): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    requireStep(await lockPublication(trx, id), 'withdraw')
    if (!reason || reason.length > 2000) fail('reason', 'workflow.problem.reason')
    await trx
      .updateTable('publications')
      .set({ status: 'withdrawn', withdrawn_at: c.now, withdrawn_reason: reason, updated_at: c.now })
      .where('id', '=', id)
      .execute()
    await cancelMailsOf(trx, id, c.now)
  })
}

/** A step that only changes the publication (submit, return); the scheduling ones are the publishing owner's. */
export async function takePublicationStep(
  db: Kysely<DB>,
  c: PublicationContext,
  id: number,
  action: 'submit' | 'return',
): Promise<PublicationStatus> {
  return withActor(db, actorOf(c), async (trx) => {
    requireStep(await lockPublication(trx, id), action)
    const status = action === 'submit' ? 'review' : 'draft'
    await trx.updateTable('publications').set({ status, updated_at: c.now }).where('id', '=', id).execute()
    return status
  })
}

export function requireStep(current: LockedPublication, action: PublicationAction): void {
  if (!FROM[action].includes(current.status)) throw refused(publicationStepProblem(current.status))
}

/** A step not possible from this status: the problem names the status and the steps possible from it. */
export function publicationStepProblem(status: PublicationStatus): FormProblem {
  const steps = actionsFrom(status).map((action) => `publication.action.${action}` as const)
  return stepProblem('publication.form.problem.step', `publication.status.${status}`, steps)
}

/** The embargo a schedule step sets: a time to come in a known zone ('publish_now': this instant). */
export function embargoOf(c: PublicationContext, action: 'schedule' | 'publish_now', embargo?: { until: Date; zone: string }) {
  const until = action === 'publish_now' ? c.now : embargo?.until
  const zone = action === 'publish_now' ? 'UTC' : (embargo?.zone ?? '')
  if (!until || Number.isNaN(until.getTime()) || (action === 'schedule' && until <= c.now))
    fail('embargo_until', 'publication.form.problem.embargo')
  if (!isTimeZone(zone)) fail('zone', 'publication.form.problem.zone')
  return { until: until!, zone }
}

export async function schedulePublicationIn(
  trx: Transaction<DB>,
  c: PublicationContext,
  id: number,
  embargo: { until: Date; zone: string },
): Promise<void> {
  await trx
    .updateTable('publications')
    .set({ status: 'scheduled', embargo_until: embargo.until, embargo_zone: embargo.zone, updated_at: c.now })
    .where('id', '=', id)
    .execute()
}

export async function unschedulePublicationIn(trx: Transaction<DB>, c: PublicationContext, id: number): Promise<void> {
  await trx.updateTable('publications').set({ status: 'review', embargo_until: null, updated_at: c.now }).where('id', '=', id).execute()
}

/** Publishes every scheduled publication whose embargo has passed (the publishing run, in its transaction). */
export async function publishPublicationsIn(trx: Transaction<DB>, now: Date): Promise<number[]> {
  const rows = await trx
    .updateTable('publications')
    .set((eb) => ({ status: 'published', published_at: eb.ref('embargo_until'), updated_at: now }))
    .where('status', '=', 'scheduled')
    .where('embargo_until', '<=', now)
    .returning('id')
    .execute()
  return rows.map((r) => r.id).sort((a, b) => a - b)
}

const columns = (draft: PublicationDraft) => ({
  kind: draft.kind,
  watchlist_edition_id: draft.watchlistEditionId,
  findings_year: draft.findingsYear,
})

export type LockedPublication = Awaited<ReturnType<typeof lockPublication>>

/** The publication's row, locked for the rest of the transaction. */
export async function lockPublication(trx: Transaction<DB>, id: number) {
  const row = await trx
    .selectFrom('publications')
    .select(['id', 'status', 'embargo_until'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
  if (!row) return fail('title_en', 'publication.form.problem.missing')
  return row
}

/** Countries, decisions and updates must exist, and each slug must be free. */
async function checkReferences(trx: Transaction<DB>, draft: PublicationDraft, id: number | null): Promise<void> {
  const missing = async (table: 'countries' | 'rating_decisions' | 'updates', column: 'code' | 'id', values: (string | number)[]) => {
    if (values.length === 0) return []
    const found = await trx
      .selectFrom(table as 'countries')
      .select(sql<string>`${sql.ref(column)}::text`.as('key'))
      .where(sql.ref(column), 'in', values)
      .execute()
    const known = new Set(found.map((r) => r.key))
    return values.filter((v) => !known.has(String(v)))
  }
  const countries = await missing('countries', 'code', draft.countries)
  if (countries.length > 0) fail('countries', 'publication.form.problem.unknown', { values: countries.join(', ') })
  const decisions = await missing('rating_decisions', 'id', draft.decisionIds)
  if (decisions.length > 0) fail('decisions', 'publication.form.problem.unknown', { values: decisions.join(', ') })
  const updates = await missing('updates', 'id', draft.updateIds)
  if (updates.length > 0) fail('updates', 'publication.form.problem.unknown', { values: updates.join(', ') })
  if (draft.watchlistEditionId !== null) {
    const edition = await trx.selectFrom('watchlist_editions').select('id').where('id', '=', draft.watchlistEditionId).executeTakeFirst()
    if (!edition) fail('watchlist_edition', 'publication.form.problem.unknown', { values: String(draft.watchlistEditionId) })
  }
  const slugs = draft.texts.map((t) => t.slug)
  let taken = trx.selectFrom('publication_texts').select(['slug']).where('slug', 'in', slugs)
  if (id !== null) taken = taken.where('publication_id', '<>', id)
  const clash = await taken.executeTakeFirst()
  if (clash) fail(`slug_${draft.texts.find((t) => t.slug === clash.slug)!.language}`, 'publication.form.problem.slugTaken')
}

async function clearContent(trx: Transaction<DB>, id: number): Promise<void> {
  for (const table of ['publication_texts', 'publication_countries', 'publication_decisions', 'publication_updates'] as const)
    await trx.deleteFrom(table).where('publication_id', '=', id).execute()
}

async function writeContent(trx: Transaction<DB>, id: number, draft: PublicationDraft): Promise<void> {
  await trx
    .insertInto('publication_texts')
    .values(
      draft.texts.map((t) => ({
        publication_id: id,
        language: t.language,
        slug: t.slug,
        title: t.title,
        summary: t.summary,
        body: t.body,
        quotes: JSON.stringify(t.quotes),
        contacts: JSON.stringify(t.contacts),
      })),
    )
    .execute()
  if (draft.countries.length > 0)
    await trx
      .insertInto('publication_countries')
      .values(draft.countries.map((country_code) => ({ publication_id: id, country_code })))
      .execute()
  if (draft.decisionIds.length > 0)
    await trx
      .insertInto('publication_decisions')
      .values(draft.decisionIds.map((decision_id) => ({ publication_id: id, decision_id })))
      .execute()
  if (draft.updateIds.length > 0)
    await trx
      .insertInto('publication_updates')
      .values(draft.updateIds.map((update_id) => ({ publication_id: id, update_id })))
      .execute()
}
