import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import {
  SUMMARY_COLUMNS,
  findPublicationVersion,
  summariesOf,
  type PublicationArticle,
  type PublicationSummary,
} from '../publications/public.queries.js'

/**
 * What the press room reads: scheduled (embargoed) and published publications, never drafts or
 * those in review. Only people with 'press:embargoed' reach these reads (the routes' policy).
 */
export const RECENT_PUBLISHED = 20

/** Scheduled publications, soonest embargo first, then the latest published ones. */
export async function pressRoomPublications(db: Kysely<DB>, options = { published: RECENT_PUBLISHED }): Promise<PublicationSummary[]> {
  const [scheduled, recent] = await Promise.all([
    db
      .selectFrom('publications')
      .select(SUMMARY_COLUMNS)
      .where('publications.status', '=', 'scheduled')
      .orderBy('publications.embargo_until')
      .orderBy('publications.id')
      .execute(),
    db
      .selectFrom('publications')
      .select(SUMMARY_COLUMNS)
      .where('publications.status', '=', 'published')
      .orderBy('publications.published_at', 'desc')
      .orderBy('publications.id', 'desc')
      .limit(options.published)
      .execute(),
  ])
  return summariesOf(db, [...scheduled, ...recent])
}

/** A scheduled or published language version; null for drafts, reviews and unknown slugs alike. */
export function findPressVersion(db: Kysely<DB>, slug: string): Promise<PublicationArticle | null> {
  return findPublicationVersion(db, slug, 'press')
}
