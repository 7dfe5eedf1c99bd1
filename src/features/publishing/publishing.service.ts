import type { Kysely, Transaction } from 'kysely'
import { withActor } from '../../db/audit.js'
import type { DB, PublicationStatus } from '../../db/schema.js'
import {
  lockDecisionsIn,
  OtherScheduledError,
  passDecisionsTo,
  scheduleDecisionIn,
  unscheduleDecisionsIn,
} from '../decisions/decisions.schedule.js'
import type { PublicationDraft } from '../publications/publisher.js'
import { linksOf, type Link } from '../publications/publications.queries.js'
import {
  actorOf,
  embargoOf,
  fail,
  lockPublication,
  requireStep,
  savePublicationIn,
  schedulePublicationIn,
  takePublicationStep as takeOwnStep,
  unschedulePublicationIn,
  type PublishingAction,
  type PublicationContext,
} from '../publications/publications.service.js'
import { lockUpdatesIn, passUpdatesTo, scheduleUpdatesIn, unscheduleUpdatesIn } from '../updates/updates.schedule.js'
import { holdPublishingLock } from './publishing-lock.js'
import type { FormProblem } from '../../lib/errors.js'

/**
 * Schedules and unschedules a publication together with the rating decisions and updates it
 * links to, in one transaction under the publishing lock, each through its own feature's
 * workflow functions: the publishing run (publish-due.ts) then makes them public at one instant.
 * Linked items must be approved (or scheduled at the same time, or published already); while a
 * scheduled publication takes an item, the item's own workflow refuses to move it alone.
 */

/** One step of a publication's workflow; 'publish_now' schedules for this instant (the caller then runs publishAllDue). */
export async function takePublicationStep(
  db: Kysely<DB>,
  c: PublicationContext,
  id: number,
  action: PublishingAction,
  embargo?: { until: Date; zone: string },
): Promise<PublicationStatus> {
  if (action === 'submit' || action === 'return') return takeOwnStep(db, c, id, action)
  return withActor(db, actorOf(c), async (trx) => {
    await holdPublishingLock(trx)
    const current = await lockPublication(trx, id)
    requireStep(current, action)
    // Unscheduling and scheduling again leave the links as they are: read them once.
    const links = await linksOf(trx, id)
    if (action === 'unschedule') {
      await unscheduleTogether(trx, links, current.embargo_until!)
      await unschedulePublicationIn(trx, c, id)
      return 'review'
    }
    const at = embargoOf(c, action, embargo)
    if (current.status === 'scheduled') await unscheduleTogether(trx, links, current.embargo_until!)
    await scheduleTogether(trx, id, links, at.until)
    await schedulePublicationIn(trx, c, id, at)
    return 'scheduled'
  })
}

/** Saves a publication; the items linked to a scheduled one follow its new links at its embargo. */
export async function savePublication(db: Kysely<DB>, c: PublicationContext, id: number, draft: PublicationDraft): Promise<void> {
  await withActor(db, actorOf(c), async (trx) => {
    // Whether it is scheduled is known only under the row lock, and the publishing lock must
    // come first, so every save takes it (a run lasts a moment).
    await holdPublishingLock(trx)
    const current = await lockPublication(trx, id)
    const until = current.status === 'scheduled' ? current.embargo_until! : null
    // A link removed here must not stay scheduled on its own; the saved links are read afresh.
    if (until) await unscheduleTogether(trx, await linksOf(trx, id), until)
    await savePublicationIn(trx, c, current, draft)
    if (until) await scheduleTogether(trx, id, await linksOf(trx, id), until)
  })
}

/** Refuses the step if any item is in `bad`, naming them on the form's field. */
function refuseAny(bad: { id: number }[], field: string, message: FormProblem['message']): void {
  if (bad.length > 0) fail(field, message, { values: bad.map((b) => b.id).join(', ') })
}
const notReady = (item: { status: string }) => !['approved', 'scheduled', 'published'].includes(item.status)
// Scheduled at another time: by itself, or with another publication. It is moved through that one.
const elsewhere = (status: string, at: Date | null, until: Date) => status === 'scheduled' && at?.getTime() !== until.getTime()
const ids = (items: { id: number }[]) => items.map((i) => i.id)

type Links = { decisions: Link[]; updates: Link[] }

/** Schedules the linked decisions and updates at `until`, with the publication. */
async function scheduleTogether(trx: Transaction<DB>, id: number, links: Links, until: Date): Promise<void> {
  const decisions = await lockDecisionsIn(trx, ids(links.decisions))
  refuseAny(decisions.filter(notReady), 'decisions', 'publication.form.problem.decisionNotApproved')
  refuseAny(
    decisions.filter((d) => elsewhere(d.status, d.embargo_until, until)),
    'decisions',
    'publication.form.problem.scheduledElsewhere',
  )
  for (const decision of decisions.filter((d) => d.status !== 'published')) {
    try {
      await scheduleDecisionIn(trx, decision.id, until, id)
    } catch (error) {
      if (error instanceof OtherScheduledError) refuseAny([{ id: error.otherId }], 'decisions', 'publication.form.problem.otherScheduled')
      throw error
    }
  }
  const updates = await lockUpdatesIn(trx, ids(links.updates))
  refuseAny(
    updates.filter((u) => elsewhere(u.status, u.publish_at, until)),
    'updates',
    'publication.form.problem.scheduledElsewhere',
  )
  refuseAny(updates.filter(notReady), 'updates', 'publication.form.problem.updateNotApproved')
  await scheduleUpdatesIn(trx, ids(updates.filter((u) => u.status !== 'published')), until, id)
}

/** The linked items scheduled with the publication go back to approved, unless another scheduled publication still takes them. */
async function unscheduleTogether(trx: Transaction<DB>, links: Links, until: Date): Promise<void> {
  await unscheduleDecisionsIn(trx, alone(links.decisions), until)
  for (const [other, shared] of sharedWith(links.decisions)) await passDecisionsTo(trx, shared, other)
  await unscheduleUpdatesIn(trx, alone(links.updates), until)
  for (const [other, shared] of sharedWith(links.updates)) await passUpdatesTo(trx, shared, other)
}

const alone = (links: { id: number; alsoWith: number | null }[]) => links.filter((l) => l.alsoWith === null).map((l) => l.id)

function sharedWith(links: { id: number; alsoWith: number | null }[]): Map<number, number[]> {
  const byOther = new Map<number, number[]>()
  for (const { id, alsoWith } of links) if (alsoWith !== null) byOther.set(alsoWith, [...(byOther.get(alsoWith) ?? []), id])
  return byOther
}
