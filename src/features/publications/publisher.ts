import type { Kysely } from 'kysely'
import type { DB, PublicationStatus } from '../../db/schema.js'
import type { PublicationDraft } from './publication-form.js'
import type { PublicationContext, PublishingAction } from './publications.service.js'

export type { PublicationDraft }

/**
 * What this feature's routes need from the publishing owner (features/publishing implements it):
 * the steps that move a publication's linked decisions and updates with it, and the run that
 * publishes what is due. app.ts passes it in, so publishing may use this feature and not the
 * other way round (decision 012).
 */
export interface Publisher {
  /** Any step; scheduling, 'publish_now' and unscheduling move the linked items with it. */
  takeStep(
    db: Kysely<DB>,
    c: PublicationContext,
    id: number,
    action: PublishingAction,
    embargo?: { until: Date; zone: string },
  ): Promise<PublicationStatus>
  /** Saves a publication that is not published; a scheduled one's linked items follow its new links. */
  save(db: Kysely<DB>, c: PublicationContext, id: number, draft: PublicationDraft): Promise<void>
  /** Publishes everything due (after 'publish_now'). */
  publishDue(db: Kysely<DB>, now: Date, publicUrl: string): Promise<unknown>
}
