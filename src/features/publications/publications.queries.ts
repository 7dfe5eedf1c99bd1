import { sql, type Kysely } from 'kysely'
import type { DB, DecisionStatus, PublicationKind, PublicationStatus, UpdateStatus } from '../../db/schema.js'
import type { PublicationDraft, TextDraft } from './publication-form.js'

/** Staff reads of publications, whatever their status (the editor and the workspace). */
export interface PublicationSummary {
  id: number
  kind: PublicationKind
  status: PublicationStatus
  embargoUntil: Date | null
  embargoZone: string
  publishedAt: Date | null
  updatedAt: Date
  texts: { language: string; slug: string; title: string }[]
}

export interface PublicationRecord extends PublicationSummary {
  draft: PublicationDraft
  decisions: { id: number; status: DecisionStatus; countryCode: string; embargoUntil: Date | null }[]
  updates: { id: number; status: UpdateStatus; title: string; publishAt: Date | null }[]
  corrections: { note: string; correctedAt: Date }[]
  withdrawn: Withdrawal | null
}

/** When and why a published publication was withdrawn. */
export interface Withdrawal {
  at: Date
  reason: string
}

export async function listPublications(db: Kysely<DB>): Promise<PublicationSummary[]> {
  const rows = await db
    .selectFrom('publications')
    .select(['id', 'kind', 'status', 'embargo_until', 'embargo_zone', 'published_at', 'updated_at'])
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(500)
    .execute()
  const texts =
    rows.length === 0
      ? []
      : await db
          .selectFrom('publication_texts')
          .select(['publication_id', 'language', 'slug', 'title'])
          .where(
            'publication_id',
            'in',
            rows.map((r) => r.id),
          )
          .orderBy('id')
          .execute()
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    embargoUntil: r.embargo_until,
    embargoZone: r.embargo_zone,
    publishedAt: r.published_at,
    updatedAt: r.updated_at,
    texts: texts.filter((t) => t.publication_id === r.id).map(({ language, slug, title }) => ({ language, slug, title })),
  }))
}

export async function loadPublication(db: Kysely<DB>, id: number): Promise<PublicationRecord | null> {
  const row = await db
    .selectFrom('publications')
    .select([
      'id',
      'kind',
      'status',
      'embargo_until',
      'embargo_zone',
      'published_at',
      'updated_at',
      'watchlist_edition_id',
      'findings_year',
      'withdrawn_at',
      'withdrawn_reason',
    ])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const [texts, countries, decisions, updates, corrections] = await Promise.all([
    db.selectFrom('publication_texts').selectAll().where('publication_id', '=', id).orderBy('id').execute(),
    db.selectFrom('publication_countries').select('country_code').where('publication_id', '=', id).orderBy('country_code').execute(),
    db
      .selectFrom('publication_decisions as l')
      .innerJoin('rating_decisions as d', 'd.id', 'l.decision_id')
      .select(['d.id', 'd.status', 'd.country_code', 'd.embargo_until'])
      .where('l.publication_id', '=', id)
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('publication_updates as l')
      .innerJoin('updates as u', 'u.id', 'l.update_id')
      .select(['u.id', 'u.status', 'u.title', 'u.publish_at'])
      .where('l.publication_id', '=', id)
      .orderBy('u.id')
      .execute(),
    db.selectFrom('publication_corrections').select(['note', 'corrected_at']).where('publication_id', '=', id).orderBy('id').execute(),
  ])
  const textDrafts: TextDraft[] = texts.map((t) => ({
    language: t.language,
    slug: t.slug,
    title: t.title,
    summary: t.summary,
    body: t.body,
    quotes: t.quotes,
    contacts: t.contacts,
  }))
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    embargoUntil: row.embargo_until,
    embargoZone: row.embargo_zone,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    texts: texts.map(({ language, slug, title }) => ({ language, slug, title })),
    draft: {
      kind: row.kind,
      countries: countries.map((c) => c.country_code),
      decisionIds: decisions.map((d) => d.id),
      updateIds: updates.map((u) => u.id),
      watchlistEditionId: row.watchlist_edition_id,
      findingsYear: row.findings_year,
      texts: textDrafts,
    },
    decisions: decisions.map((d) => ({ id: d.id, status: d.status, countryCode: d.country_code, embargoUntil: d.embargo_until })),
    updates: updates.map((u) => ({ id: u.id, status: u.status, title: u.title, publishAt: u.publish_at })),
    corrections: corrections.map((c) => ({ note: c.note, correctedAt: c.corrected_at })),
    withdrawn: withdrawalOf(row),
  }
}

export function withdrawalOf(row: { withdrawn_at: Date | null; withdrawn_reason: string | null }): Withdrawal | null {
  return row.withdrawn_at ? { at: row.withdrawn_at, reason: row.withdrawn_reason ?? '' } : null
}

/** The API names a publication by one of its slugs or by its number (slugs are never all digits). */
export async function publicationIdByRef(db: Kysely<DB>, ref: string): Promise<number | null> {
  if (/^[0-9]{1,15}$/.test(ref)) {
    const row = await db.selectFrom('publications').select('id').where('id', '=', Number(ref)).executeTakeFirst()
    return row?.id ?? null
  }
  const row = await db.selectFrom('publication_texts').select('publication_id').where('slug', '=', ref).executeTakeFirst()
  return row?.publication_id ?? null
}

/**
 * The decisions and updates a publication links to, each with the lowest other scheduled
 * publication that also takes it (null if none): unscheduling this one leaves those to that one.
 */
export async function linksOf(db: Kysely<DB>, id: number): Promise<{ decisions: Link[]; updates: Link[] }> {
  const [decisions, updates] = await Promise.all([
    linked(db, 'publication_decisions', 'decision_id', id),
    linked(db, 'publication_updates', 'update_id', id),
  ])
  return { decisions, updates }
}

export interface Link {
  id: number
  alsoWith: number | null
}

async function linked(
  db: Kysely<DB>,
  table: 'publication_decisions' | 'publication_updates',
  key: 'decision_id' | 'update_id',
  id: number,
) {
  const { rows } = await sql<{ id: number; also_with: number | null }>`
    select l.${sql.ref(key)} as id,
      (select min(p.id) from ${sql.table(table)} o join publications p on p.id = o.publication_id
        where o.${sql.ref(key)} = l.${sql.ref(key)} and p.status = 'scheduled' and p.id <> ${id}) as also_with
    from ${sql.table(table)} l where l.publication_id = ${id} order by 1`.execute(db)
  return rows.map((r) => ({ id: Number(r.id), alsoWith: r.also_with === null ? null : Number(r.also_with) }))
}
