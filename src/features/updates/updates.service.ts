import type { Kysely, Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB, UpdateStatus } from '../../db/schema.js'
import type { CurrentUser } from '../../lib/policies.js'
import type { IncidentInput, UpdateDraft } from './update-form.js'
import { nextStatus, type WorkflowAction } from './workflow.js'
import { conflict } from '../../lib/errors.js'

/**
 * Writes of monitoring updates. Every save replaces the update's sources, tags and incidents
 * and records the whole update as a new revision, so nothing is ever lost; a save based on an
 * older revision than the stored one is refused instead of overwriting someone else's work.
 */

interface Context {
  user: CurrentUser
  ip: string
  now: Date
}
const actorOf = (context: Context) => ({ name: `user:${context.user.id}`, ip: context.ip })

export async function createUpdate(db: Kysely<DB>, draft: UpdateDraft, context: Context): Promise<number> {
  return withActor(db, actorOf(context), async (trx) => {
    const row = await trx
      .insertInto('updates')
      .values({
        ...columns(draft),
        author_id: context.user.id,
        organisation_id: context.user.organisationId,
        created_at: context.now,
        updated_at: context.now,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await writeChildren(trx, row.id, draft)
    await recordRevision(trx, row.id, 1, 'draft', draft, context)
    return row.id
  })
}

/** Saves new text over `basedOn`; with a correction note, also publishes that note. Returns the new revision. */
export async function saveUpdate(
  db: Kysely<DB>,
  id: number,
  draft: UpdateDraft,
  context: Context & { basedOn: number; correction?: string },
): Promise<number> {
  return withActor(db, actorOf(context), async (trx) => {
    const saved = await trx
      .updateTable('updates')
      .set((eb) => ({ ...columns(draft), updated_at: context.now, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .where('revision', '=', context.basedOn)
      .returning(['revision', 'status'])
      .executeTakeFirst()
    if (!saved) throw conflict('stale_revision', 'Someone saved this update after you opened it.')
    await trx.deleteFrom('update_tags').where('update_id', '=', id).execute()
    await trx.deleteFrom('update_sources').where('update_id', '=', id).execute()
    await trx.deleteFrom('incidents').where('update_id', '=', id).execute()
    await writeChildren(trx, id, draft)
    await recordRevision(trx, id, saved.revision, saved.status, draft, context)
    if (context.correction)
      await trx.insertInto('update_corrections').values({ update_id: id, note: context.correction, corrected_at: context.now }).execute()
    return saved.revision
  })
}

/** One workflow step, only from a status it is allowed from (checked again inside the write). */
export async function takeStep(
  db: Kysely<DB>,
  id: number,
  action: WorkflowAction,
  from: UpdateStatus[],
  context: Context & { comment?: string; publishAt?: Date; reason?: string },
): Promise<void> {
  await withActor(db, actorOf(context), async (trx) => {
    if (action === 'schedule' || action === 'unschedule') {
      // Scheduled with a publication, it moves only with it (features/publishing).
      const held = await trx.selectFrom('updates').select('scheduled_with').where('id', '=', id).forUpdate().executeTakeFirst()
      if (held && held.scheduled_with !== null)
        throw conflict(
          'workflow_conflict',
          `This update is scheduled with publication ${held.scheduled_with}: change the publication's schedule instead.`,
        )
    }
    const moved = await trx
      .updateTable('updates')
      .set({
        status: nextStatus(action),
        updated_at: context.now,
        ...(action === 'schedule' ? { publish_at: context.publishAt } : {}),
        ...(action === 'unschedule' ? { publish_at: null } : {}),
        ...(action === 'withdraw' ? { withdrawn_reason: context.reason } : {}),
      })
      .where('id', '=', id)
      .where('status', 'in', from)
      .returning('revision')
      .executeTakeFirst()
    if (!moved) throw conflict('workflow_conflict', 'This step is no longer possible: the update has moved on.')
    if (context.comment) {
      await trx
        .insertInto('update_comments')
        .values({ update_id: id, revision: moved.revision, author_id: context.user.id, body: context.comment, created_at: context.now })
        .execute()
    }
  })
}

export function columns(draft: UpdateDraft) {
  return {
    country_code: draft.countryCode,
    language: draft.language,
    translation_of: draft.translationOf,
    title: draft.title,
    summary: draft.summary,
    body: draft.body,
    period_start: draft.periodStart,
    period_end: draft.periodEnd,
    freedoms: draft.freedoms,
  }
}

export async function writeChildren(trx: Transaction<DB>, id: number, draft: UpdateDraft): Promise<void> {
  if (draft.tagIds.length > 0)
    await trx
      .insertInto('update_tags')
      .values(draft.tagIds.map((term_id) => ({ update_id: id, term_id })))
      .execute()
  if (draft.sources.length > 0)
    await trx
      .insertInto('update_sources')
      .values(
        draft.sources.map((s, position) => ({
          update_id: id,
          position,
          url: s.url,
          title: s.title,
          publisher: s.publisher,
          published_on: s.publishedOn,
        })),
      )
      .execute()
  if (draft.incidents.length > 0)
    await trx
      .insertInto('incidents')
      .values(draft.incidents.map((incident, position) => incidentRow(id, position, incident)))
      .execute()
}

/** An incident as its table row. */
export function incidentRow(updateId: number, position: number, i: IncidentInput) {
  return {
    update_id: updateId,
    position,
    occurred_on: i.occurredOn,
    precision: i.precision,
    locality: i.locality,
    latitude: i.latitude,
    longitude: i.longitude,
    freedom: i.freedom,
    type_id: i.typeId,
    victim_id: i.victimId,
    perpetrator_id: i.perpetratorId,
    ...i.counts,
    sensitivity: i.sensitivity,
    restricted_notes: i.restrictedNotes,
  }
}

async function recordRevision(
  trx: Transaction<DB>,
  id: number,
  number: number,
  status: UpdateStatus,
  draft: UpdateDraft,
  context: Context,
) {
  await trx
    .insertInto('update_revisions')
    .values({ update_id: id, number, saved_by: context.user.id, saved_at: context.now, status, snapshot: JSON.stringify(draft) })
    .execute()
}
