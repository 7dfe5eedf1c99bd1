import type { Kysely } from 'kysely'
import type { ContentLanguage, DB, UpdateStatus, Vocabulary } from '../../db/schema.js'
import { COUNTS, type FormVocabulary, type IncidentInput, type UpdateDraft, type UpdateForm } from './update-form.js'

/** Reading updates for the people who write and review them (restricted fields included). */
export interface Term {
  id: number
  vocabulary: Vocabulary
  key: string
  labels: Partial<Record<ContentLanguage, string>> & { en: string }
  retired: boolean
}

export async function listTerms(db: Kysely<DB>): Promise<Term[]> {
  const rows = await db.selectFrom('taxonomy_terms').selectAll().orderBy('vocabulary').orderBy('position').orderBy('id').execute()
  return rows.map((r) => ({ id: r.id, vocabulary: r.vocabulary, key: r.key, labels: r.labels, retired: r.retired_at !== null }))
}

export function termLabel(term: Term | undefined, language: ContentLanguage): string {
  return term ? (term.labels[language] ?? term.labels.en) : ''
}

export async function formVocabulary(db: Kysely<DB>, terms: Term[]): Promise<FormVocabulary> {
  const countries = await db.selectFrom('countries').select('code').execute()
  return {
    countries: new Set(countries.map((c) => c.code)),
    terms: new Map(terms.filter((t) => !t.retired).map((t) => [t.id, t.vocabulary])),
  }
}

export interface UpdateRecord {
  id: number
  status: UpdateStatus
  revision: number
  countryCode: string
  authorId: number
  authorName: string
  organisationId: number | null
  publishAt: Date | null
  publishedAt: Date | null
  withdrawnReason: string | null
  createdAt: Date
  updatedAt: Date
  draft: UpdateDraft
  comments: { revision: number; author: string; body: string; createdAt: Date }[]
  corrections: { note: string; correctedAt: Date }[]
}

export async function loadUpdate(db: Kysely<DB>, id: number): Promise<UpdateRecord | null> {
  const row = await db
    .selectFrom('updates')
    .innerJoin('users', 'users.id', 'updates.author_id')
    .selectAll('updates')
    .select('users.display_name as author_name')
    .where('updates.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  const [tags, sources, incidents, comments, corrections] = await Promise.all([
    db.selectFrom('update_tags').select('term_id').where('update_id', '=', id).orderBy('term_id').execute(),
    db.selectFrom('update_sources').selectAll().where('update_id', '=', id).orderBy('position').execute(),
    db.selectFrom('incidents').selectAll().where('update_id', '=', id).orderBy('position').execute(),
    db
      .selectFrom('update_comments')
      .innerJoin('users', 'users.id', 'update_comments.author_id')
      .select(['update_comments.revision', 'users.display_name', 'update_comments.body', 'update_comments.created_at'])
      .where('update_id', '=', id)
      .orderBy('update_comments.id')
      .execute(),
    db.selectFrom('update_corrections').select(['note', 'corrected_at']).where('update_id', '=', id).orderBy('id').execute(),
  ])
  return {
    id: row.id,
    status: row.status,
    revision: row.revision,
    countryCode: row.country_code,
    authorId: row.author_id,
    authorName: row.author_name,
    organisationId: row.organisation_id,
    publishAt: row.publish_at,
    publishedAt: row.published_at,
    withdrawnReason: row.withdrawn_reason,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    draft: {
      countryCode: row.country_code,
      language: row.language,
      translationOf: row.translation_of,
      title: row.title,
      summary: row.summary,
      body: row.body,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      freedoms: row.freedoms,
      tagIds: tags.map((t) => t.term_id),
      sources: sources.map((s) => ({ url: s.url, title: s.title, publisher: s.publisher, publishedOn: s.published_on })),
      incidents: incidents.map((i): IncidentInput => ({
        occurredOn: i.occurred_on,
        precision: i.precision,
        locality: i.locality,
        latitude: i.latitude,
        longitude: i.longitude,
        freedom: i.freedom,
        typeId: i.type_id,
        victimId: i.victim_id,
        perpetratorId: i.perpetrator_id,
        counts: { affected: i.affected, killed: i.killed, injured: i.injured, detained: i.detained, charged: i.charged },
        sensitivity: i.sensitivity,
        restrictedNotes: i.restricted_notes,
      })),
    },
    comments: comments.map((c) => ({ revision: c.revision, author: c.display_name, body: c.body, createdAt: c.created_at })),
    corrections: corrections.map((c) => ({ note: c.note, correctedAt: c.corrected_at })),
  }
}

const text = (value: string | number | null) => (value === null ? '' : String(value))

/** A stored draft as its form shows it. */
export function draftToForm(draft: UpdateDraft): UpdateForm {
  return {
    country: draft.countryCode,
    language: draft.language,
    translationOf: text(draft.translationOf),
    title: draft.title,
    summary: draft.summary,
    body: draft.body,
    periodStart: text(draft.periodStart),
    periodEnd: text(draft.periodEnd),
    freedoms: draft.freedoms,
    tags: draft.tagIds.map(String),
    sources: draft.sources.map((s) => ({ url: s.url, title: s.title, publisher: text(s.publisher), date: text(s.publishedOn) })),
    incidents: draft.incidents.map((i) => ({
      date: i.occurredOn,
      precision: i.precision,
      locality: text(i.locality),
      lat: text(i.latitude),
      lon: text(i.longitude),
      freedom: i.freedom,
      type: String(i.typeId),
      victim: text(i.victimId),
      perpetrator: text(i.perpetratorId),
      ...(Object.fromEntries(COUNTS.map((c) => [c, text(i.counts[c])])) as Record<(typeof COUNTS)[number], string>),
      sensitivity: i.sensitivity,
      notes: text(i.restrictedNotes),
    })),
  }
}

export interface RevisionRow {
  number: number
  savedAt: Date
  savedBy: string | null
  status: UpdateStatus
  snapshot: UpdateDraft
}

export async function listRevisions(db: Kysely<DB>, id: number): Promise<RevisionRow[]> {
  const rows = await db
    .selectFrom('update_revisions')
    .leftJoin('users', 'users.id', 'update_revisions.saved_by')
    .select(['number', 'saved_at', 'users.display_name', 'update_revisions.status', 'snapshot'])
    .where('update_id', '=', id)
    .orderBy('number', 'desc')
    .execute()
  return rows.map((r) => ({
    number: r.number,
    savedAt: r.saved_at,
    savedBy: r.display_name,
    status: r.status,
    snapshot: (typeof r.snapshot === 'string' ? JSON.parse(r.snapshot) : r.snapshot) as UpdateDraft,
  }))
}
