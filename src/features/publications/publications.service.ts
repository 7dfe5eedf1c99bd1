import { sql, type Kysely, type Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import { holdPublishingLock } from '../../db/publishing-lock.js'
import type { DB, PublicationStatus } from '../../db/schema.js'
import type { CurrentUser } from '../../lib/policies.js'
import { isTimeZone } from '../../lib/time-zones.js'
import type { FormProblem } from '../accounts/accounts.views.js'
import type { PublicationDraft } from './publication-form.js'

/**
 * Writing publications and moving them through their workflow: draft → review → scheduled
 * (embargo) → published (by the publishing job, publish.ts); published ones change only by a
 * correction, which keeps the texts it replaced. Who may do it is the routes' business
 * (policy 'publication:write'); here, only when.
 */
export interface PublicationContext {
  user: CurrentUser
  ip: string | null
  now: Date
}

export class PublicationError extends Error {
  constructor(readonly problem: FormProblem) {
    super(problem.message)
  }
}

export type PublicationAction = 'submit' | 'return' | 'schedule' | 'publish_now' | 'unschedule'
export const PUBLICATION_ACTIONS: PublicationAction[] = ['submit', 'return', 'schedule', 'publish_now', 'unschedule']
const FROM: Record<PublicationAction, PublicationStatus[]> = {
  submit: ['draft'],
  return: ['review'],
  schedule: ['review', 'scheduled'],
  publish_now: ['review'],
  unschedule: ['scheduled'],
}

export function actionsFrom(status: PublicationStatus): PublicationAction[] {
  return PUBLICATION_ACTIONS.filter((action) => FROM[action].includes(status))
}

const actorOf = (c: PublicationContext) => ({ name: `user:${c.user.id}`, ip: c.ip })
const fail = (field: string, message: FormProblem['message'], params?: FormProblem['params']): never => {
  throw new PublicationError(params ? { field, message, params } : { field, message })
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

/** Saves a draft, or a publication under review or scheduled (journalists then read the new text). */
export async function savePublication(db: Kysely<DB>, c: PublicationContext, id: number, draft: PublicationDraft): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    // A scheduled publication's links change here. Its status is known only under the row lock,
    // and the publishing lock must come first, so every save takes it (a run lasts a moment).
    await holdPublishingLock(trx)
    const current = await lock(trx, id)
    if (current.status === 'published') fail('title_en', 'publication.form.problem.published')
    await checkReferences(trx, draft, id)
    // The items scheduled with it are released first: a link removed here must not stay scheduled on its own.
    if (current.status === 'scheduled') await unscheduleLinked(trx, id, current.embargo_until!)
    await trx
      .updateTable('publications')
      .set({ ...columns(draft), updated_at: c.now })
      .where('id', '=', id)
      .execute()
    await clearContent(trx, id)
    await writeContent(trx, id, draft)
    // Linked items scheduled with it move with the publication's embargo.
    if (current.status === 'scheduled') await scheduleLinked(trx, id, current.embargo_until!)
  })
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
    const current = await lock(trx, id)
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
 * One step of the workflow. Scheduling sets the embargo and schedules the linked rating
 * decisions and updates at the same instant (they must be approved already), so the publishing
 * job makes them public together; 'publish_now' schedules for this instant (the route then runs
 * the job). Unscheduling takes the linked items that were scheduled with it back to approved.
 */
export async function takePublicationStep(
  db: Kysely<DB>,
  c: PublicationContext,
  id: number,
  action: PublicationAction,
  embargo?: { until: Date; zone: string },
): Promise<PublicationStatus> {
  return withActor(db, actorOf(c), async (trx) => {
    if (action === 'schedule' || action === 'publish_now' || action === 'unschedule') await holdPublishingLock(trx)
    const current = await lock(trx, id)
    if (!FROM[action].includes(current.status)) fail('workflow-title', 'publication.form.problem.step')
    const set = (values: { status: PublicationStatus; embargo_until?: Date | null; embargo_zone?: string }) =>
      trx.updateTable('publications').set(values).set({ updated_at: c.now }).where('id', '=', id).execute()
    switch (action) {
      case 'submit':
        await set({ status: 'review' })
        return 'review'
      case 'return':
        await set({ status: 'draft' })
        return 'draft'
      case 'schedule':
      case 'publish_now': {
        const until = action === 'publish_now' ? c.now : embargo?.until
        const zone = action === 'publish_now' ? 'UTC' : (embargo?.zone ?? '')
        if (!until || Number.isNaN(until.getTime()) || (action === 'schedule' && until <= c.now))
          fail('embargo_until', 'publication.form.problem.embargo')
        if (!isTimeZone(zone)) fail('zone', 'publication.form.problem.zone')
        if (current.status === 'scheduled') await unscheduleLinked(trx, id, current.embargo_until!)
        await scheduleLinked(trx, id, until!)
        await set({ status: 'scheduled', embargo_until: until!, embargo_zone: zone })
        return 'scheduled'
      }
      case 'unschedule':
        await unscheduleLinked(trx, id, current.embargo_until!)
        await set({ status: 'review', embargo_until: null })
        return 'review'
    }
  })
}

const columns = (draft: PublicationDraft) => ({
  kind: draft.kind,
  watchlist_edition_id: draft.watchlistEditionId,
  findings_year: draft.findingsYear,
})

async function lock(trx: Transaction<DB>, id: number) {
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

/** Schedules the linked decisions and updates at the publication's embargo; each must be approved (or scheduled, or already published). */
async function scheduleLinked(trx: Transaction<DB>, id: number, until: Date): Promise<void> {
  const decisions = await trx
    .selectFrom('publication_decisions as l')
    .innerJoin('rating_decisions as d', 'd.id', 'l.decision_id')
    .select(['d.id', 'd.status', 'd.country_code', 'd.embargo_until'])
    .where('l.publication_id', '=', id)
    .forUpdate()
    .execute()
  const notReady = decisions.filter((d) => !['approved', 'scheduled', 'published'].includes(d.status))
  if (notReady.length > 0)
    fail('decisions', 'publication.form.problem.decisionNotApproved', { values: notReady.map((d) => d.id).join(', ') })
  // Scheduled at another time: by itself, or with another publication. It is moved through that one.
  const elsewhere = decisions.filter((d) => d.status === 'scheduled' && d.embargo_until?.getTime() !== until.getTime())
  if (elsewhere.length > 0)
    fail('decisions', 'publication.form.problem.scheduledElsewhere', { values: elsewhere.map((d) => d.id).join(', ') })
  for (const decision of decisions.filter((d) => d.status !== 'published')) {
    const other = await trx
      .selectFrom('rating_decisions')
      .select('id')
      .where('country_code', '=', decision.country_code)
      .where('status', '=', 'scheduled')
      .where('id', '<>', decision.id)
      .executeTakeFirst()
    if (other) fail('decisions', 'publication.form.problem.otherScheduled', { values: String(other.id) })
    await trx.updateTable('rating_decisions').set({ status: 'scheduled', embargo_until: until }).where('id', '=', decision.id).execute()
  }
  const updates = await trx
    .selectFrom('publication_updates as l')
    .innerJoin('updates as u', 'u.id', 'l.update_id')
    .select(['u.id', 'u.status', 'u.publish_at'])
    .where('l.publication_id', '=', id)
    .forUpdate()
    .execute()
  const away = updates.filter((u) => u.status === 'scheduled' && u.publish_at?.getTime() !== until.getTime())
  if (away.length > 0) fail('updates', 'publication.form.problem.scheduledElsewhere', { values: away.map((u) => u.id).join(', ') })
  const unready = updates.filter((u) => !['approved', 'scheduled', 'published'].includes(u.status))
  if (unready.length > 0) fail('updates', 'publication.form.problem.updateNotApproved', { values: unready.map((u) => u.id).join(', ') })
  const ids = updates.filter((u) => u.status !== 'published').map((u) => u.id)
  if (ids.length > 0) await trx.updateTable('updates').set({ status: 'scheduled', publish_at: until }).where('id', 'in', ids).execute()
}

/** The linked items that were scheduled with the publication go back to approved, unless another scheduled publication still takes them. */
async function unscheduleLinked(trx: Transaction<DB>, id: number, until: Date): Promise<void> {
  const others = trx.selectFrom('publications').select('id').where('status', '=', 'scheduled').where('id', '<>', id)
  const decisionIds = trx
    .selectFrom('publication_decisions')
    .select('decision_id')
    .where('publication_id', '=', id)
    .where('decision_id', 'not in', trx.selectFrom('publication_decisions').select('decision_id').where('publication_id', 'in', others))
  await trx
    .updateTable('rating_decisions')
    .set({ status: 'approved', embargo_until: null })
    .where('id', 'in', decisionIds)
    .where('status', '=', 'scheduled')
    .where('embargo_until', '=', until)
    .execute()
  const updateIds = trx
    .selectFrom('publication_updates')
    .select('update_id')
    .where('publication_id', '=', id)
    .where('update_id', 'not in', trx.selectFrom('publication_updates').select('update_id').where('publication_id', 'in', others))
  await trx
    .updateTable('updates')
    .set({ status: 'approved', publish_at: null })
    .where('id', 'in', updateIds)
    .where('status', '=', 'scheduled')
    .where('publish_at', '=', until)
    .execute()
}
