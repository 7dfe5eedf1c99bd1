import type { Kysely } from 'kysely'
import type { ContentLanguage, DB, Freedom } from '../../db/schema.js'

/**
 * One published (or withdrawn) update as the public may see it. The incident columns are named
 * one by one: restricted notes are never selected, and a restricted incident loses its place.
 */
export interface PublicIncident {
  id: number
  occurredOn: string
  precision: 'day' | 'month' | 'year'
  locality: string | null
  latitude: number | null
  longitude: number | null
  freedom: Freedom
  typeId: number
  victimId: number | null
  perpetratorId: number | null
  affected: number | null
  killed: number | null
  injured: number | null
  detained: number | null
  charged: number | null
}

export interface PublicUpdate {
  id: number
  countryCode: string
  language: ContentLanguage
  title: string
  summary: string
  body: string
  periodStart: string | null
  periodEnd: string | null
  freedoms: Freedom[]
  publishedAt: Date
  withdrawn: { reason: string } | null
  sample: boolean
  partner: string | null
  tagIds: number[]
  sources: { url: string; title: string; publisher: string | null; publishedOn: string | null }[]
  incidents: PublicIncident[]
  corrections: { note: string; correctedAt: Date }[]
  translations: { id: number; language: ContentLanguage; title: string }[]
}

export async function getPublicUpdate(db: Kysely<DB>, id: number): Promise<PublicUpdate | null> {
  const row = await db
    .selectFrom('updates')
    .leftJoin('organisations', (join) =>
      join.onRef('organisations.id', '=', 'updates.organisation_id').on('organisations.credited', '=', true),
    )
    .select([
      'updates.id',
      'updates.country_code',
      'updates.language',
      'updates.title',
      'updates.summary',
      'updates.body',
      'updates.period_start',
      'updates.period_end',
      'updates.freedoms',
      'updates.published_at',
      'updates.status',
      'updates.withdrawn_reason',
      'updates.translation_of',
      'updates.sample',
      'organisations.name as partner',
    ])
    .where('updates.id', '=', id)
    .where('updates.status', 'in', ['published', 'withdrawn'])
    .executeTakeFirst()
  if (!row) return null
  const family = row.translation_of ?? row.id
  const [tags, sources, incidents, corrections, translations] = await Promise.all([
    db.selectFrom('update_tags').select('term_id').where('update_id', '=', id).execute(),
    db
      .selectFrom('update_sources')
      .select(['url', 'title', 'publisher', 'published_on'])
      .where('update_id', '=', id)
      .orderBy('position')
      .execute(),
    publicIncidents(db).where('incidents.update_id', '=', id).orderBy('incidents.position').execute(),
    db.selectFrom('update_corrections').select(['note', 'corrected_at']).where('update_id', '=', id).orderBy('id').execute(),
    db
      .selectFrom('updates')
      .select(['id', 'language', 'title'])
      .where((eb) => eb.or([eb('id', '=', family), eb('translation_of', '=', family)]))
      .where('id', '!=', id)
      .where('status', '=', 'published')
      .orderBy('language')
      .execute(),
  ])
  return {
    id: row.id,
    countryCode: row.country_code,
    language: row.language,
    title: row.title,
    summary: row.summary,
    body: row.body,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    freedoms: row.freedoms,
    publishedAt: row.published_at!,
    withdrawn: row.status === 'withdrawn' ? { reason: row.withdrawn_reason ?? '' } : null,
    partner: row.partner,
    sample: row.sample,
    tagIds: tags.map((t) => t.term_id),
    sources: sources.map((s) => ({ url: s.url, title: s.title, publisher: s.publisher, publishedOn: s.published_on })),
    incidents: incidents.map(toPublicIncident),
    corrections: corrections.map((c) => ({ note: c.note, correctedAt: c.corrected_at })),
    translations,
  }
}

/** Incidents of published updates, with only the columns the public may see. */
export function publicIncidents(db: Kysely<DB>) {
  return db
    .selectFrom('incidents')
    .innerJoin('updates', 'updates.id', 'incidents.update_id')
    .where('updates.status', '=', 'published')
    .select([
      'incidents.id',
      'incidents.update_id',
      'updates.country_code',
      'updates.sample',
      'incidents.occurred_on',
      'incidents.precision',
      'incidents.sensitivity',
      'incidents.locality',
      'incidents.latitude',
      'incidents.longitude',
      'incidents.freedom',
      'incidents.type_id',
      'incidents.victim_id',
      'incidents.perpetrator_id',
      'incidents.affected',
      'incidents.killed',
      'incidents.injured',
      'incidents.detained',
      'incidents.charged',
    ])
}

type PublicIncidentRow = Awaited<ReturnType<ReturnType<typeof publicIncidents>['execute']>>[number]

export function toPublicIncident(row: PublicIncidentRow): PublicIncident {
  const restricted = row.sensitivity === 'restricted'
  return {
    id: row.id,
    occurredOn: row.occurred_on,
    precision: row.precision,
    locality: restricted ? null : row.locality,
    latitude: restricted ? null : row.latitude,
    longitude: restricted ? null : row.longitude,
    freedom: row.freedom,
    typeId: row.type_id,
    victimId: row.victim_id,
    perpetratorId: row.perpetrator_id,
    affected: row.affected,
    killed: row.killed,
    injured: row.injured,
    detained: row.detained,
    charged: row.charged,
  }
}
