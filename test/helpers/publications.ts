import type { Kysely } from 'kysely'
import type { DB, PublicationKind, PublicationStatus, PublicationQuote, PublicationContact } from '../../src/db/schema.js'
import type { Locale } from '../../src/lib/i18n.js'

export interface TestText {
  language: Locale
  slug: string
  title: string
  summary?: string
  body?: string
  quotes?: PublicationQuote[]
  contacts?: PublicationContact[]
}

/**
 * A publication written straight into the tables (fictional content), for tests that read
 * publications rather than write them through the forms.
 */
export async function makePublication(
  db: Kysely<DB>,
  options: {
    createdBy: number
    kind?: PublicationKind
    status?: PublicationStatus
    embargoUntil?: Date | null
    embargoZone?: string
    texts: TestText[]
    countries?: string[]
    decisionIds?: number[]
    updateIds?: number[]
  },
): Promise<{ id: number }> {
  const status = options.status ?? 'draft'
  const embargo = options.embargoUntil ?? null
  const row = await db
    .insertInto('publications')
    .values({
      kind: options.kind ?? 'press_release',
      status,
      embargo_until: embargo,
      embargo_zone: options.embargoZone ?? 'UTC',
      published_at: status === 'published' ? (embargo ?? new Date()) : null,
      watchlist_edition_id: null,
      findings_year: null,
      created_by: options.createdBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('publication_texts')
    .values(
      options.texts.map((text) => ({
        publication_id: row.id,
        language: text.language,
        slug: text.slug,
        title: text.title,
        summary: text.summary ?? '',
        body: text.body ?? '',
        quotes: JSON.stringify(text.quotes ?? []),
        contacts: JSON.stringify(text.contacts ?? []),
      })),
    )
    .execute()
  const link = async (
    table: 'publication_countries' | 'publication_decisions' | 'publication_updates',
    column: string,
    values: (string | number)[],
  ) => {
    if (values.length > 0)
      await db
        .insertInto(table)
        .values(values.map((value) => ({ publication_id: row.id, [column]: value }) as never))
        .execute()
  }
  await link('publication_countries', 'country_code', options.countries ?? [])
  await link('publication_decisions', 'decision_id', options.decisionIds ?? [])
  await link('publication_updates', 'update_id', options.updateIds ?? [])
  return { id: row.id }
}

/** Moves a publication to a status directly (its embargo and publication time set as that status needs). */
export function setPublicationStatus(db: Kysely<DB>, id: number, status: PublicationStatus, at: Date) {
  return db
    .updateTable('publications')
    .set({
      status,
      embargo_until: status === 'draft' || status === 'review' ? null : at,
      published_at: status === 'published' ? at : null,
    })
    .where('id', '=', id)
    .execute()
}
