import { sql, type Kysely } from 'kysely'
import type { DB, PublicationContact, PublicationKind, PublicationQuote, PublicationStatus } from '../../db/schema.js'
import type { Locale, NameLocale } from '../../lib/i18n.js'
import { attachmentsOf, type AttachmentInfo } from './attachments.queries.js'
import { withdrawalOf, type Withdrawal } from './publications.queries.js'

/**
 * The reads of publications outside the editor. Who reads decides what exists: the public sees
 * published publications, and withdrawn ones (at their address, marked, as updates); the press
 * room (journalists, editors) scheduled, embargoed ones and published ones, not withdrawn ones.
 * Drafts and publications in review are never read here, so a slug of one is unknown.
 */
export type Audience = 'public' | 'press'
const VISIBLE: Record<Audience, PublicationStatus[]> = { public: ['published', 'withdrawn'], press: ['scheduled', 'published'] }

export interface PublicationFilter {
  kind?: PublicationKind
  country?: string
  language?: Locale
}

/** One language version as lists show it. */
export interface VersionSummary {
  language: Locale
  slug: string
  title: string
  summary: string
}

export interface PublicationSummary {
  id: number
  kind: PublicationKind
  status: PublicationStatus
  publishedAt: Date | null
  embargoUntil: Date | null
  embargoZone: string
  withdrawn: Withdrawal | null
  countries: string[]
  /** The original (first written) version first. */
  versions: VersionSummary[]
}

export type PublicationRow = {
  id: number
  kind: PublicationKind
  status: PublicationStatus
  published_at: Date | null
  embargo_until: Date | null
  embargo_zone: string
  withdrawn_at: Date | null
  withdrawn_reason: string | null
}
export const SUMMARY_COLUMNS = [
  'publications.id',
  'publications.kind',
  'publications.status',
  'publications.published_at',
  'publications.embargo_until',
  'publications.embargo_zone',
  'publications.withdrawn_at',
  'publications.withdrawn_reason',
] as const

function published(db: Kysely<DB>, filter: PublicationFilter) {
  let query = db.selectFrom('publications').where('publications.status', 'in', VISIBLE.public)
  if (filter.kind) query = query.where('publications.kind', '=', filter.kind)
  if (filter.country) {
    const country = filter.country
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('publication_countries as pc')
          .select('pc.publication_id')
          .whereRef('pc.publication_id', '=', 'publications.id')
          .where('pc.country_code', '=', country),
      ),
    )
  }
  if (filter.language) {
    const language = filter.language
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('publication_texts as pt')
          .select('pt.publication_id')
          .whereRef('pt.publication_id', '=', 'publications.id')
          .where('pt.language', '=', language),
      ),
    )
  }
  return query
}

/**
 * Published publications matching the filter, newest first: a page by offset (the /press list)
 * or after a (published at, id) position (the API's cursor, as in GET /api/v1/decisions).
 */
export async function listPublishedPublications(
  db: Kysely<DB>,
  filter: PublicationFilter,
  page: { limit: number; offset?: number; before?: { at: Date; id: number } },
): Promise<PublicationSummary[]> {
  let query = published(db, filter)
    .select(SUMMARY_COLUMNS)
    .orderBy('publications.published_at', 'desc')
    .orderBy('publications.id', 'desc')
    .limit(page.limit)
    .offset(page.offset ?? 0)
  if (page.before) query = query.where(sql<boolean>`(publications.published_at, publications.id) < (${page.before.at}, ${page.before.id})`)
  return summariesOf(db, await query.execute())
}

export async function countPublishedPublications(db: Kysely<DB>, filter: PublicationFilter): Promise<number> {
  const row = await published(db, filter)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow()
  return Number(row.count)
}

/** The countries that published publications concern: the choices of the country filter. */
export async function publishedPublicationCountries(db: Kysely<DB>): Promise<string[]> {
  const rows = await db
    .selectFrom('publication_countries as pc')
    .innerJoin('publications', 'publications.id', 'pc.publication_id')
    .where('publications.status', 'in', VISIBLE.public)
    .select('pc.country_code')
    .distinct()
    .orderBy('pc.country_code')
    .execute()
  return rows.map((r) => r.country_code.trim())
}

/** The texts and countries of a page of publications: one query each, whatever the page's size. */
export async function summariesOf(db: Kysely<DB>, rows: PublicationRow[]): Promise<PublicationSummary[]> {
  if (rows.length === 0) return []
  const ids = rows.map((r) => r.id)
  const [texts, countries] = await Promise.all([
    db
      .selectFrom('publication_texts')
      .select(['publication_id', 'language', 'slug', 'title', 'summary'])
      .where('publication_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('publication_countries')
      .select(['publication_id', 'country_code'])
      .where('publication_id', 'in', ids)
      .orderBy('country_code')
      .execute(),
  ])
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    status: r.status,
    publishedAt: r.published_at,
    embargoUntil: r.embargo_until,
    embargoZone: r.embargo_zone,
    withdrawn: withdrawalOf(r),
    countries: countries.filter((c) => c.publication_id === r.id).map((c) => c.country_code.trim()),
    versions: texts
      .filter((x) => x.publication_id === r.id)
      .map((x) => ({ language: x.language, slug: x.slug, title: x.title, summary: x.summary })),
  }))
}

/** The version in the reader's language when there is one, the original otherwise. */
export function versionFor(versions: VersionSummary[], locale: Locale): VersionSummary | undefined {
  return versions.find((v) => v.language === locale) ?? versions[0]
}

/** One language version with everything its page shows. */
export interface PublicationArticle {
  id: number
  kind: PublicationKind
  status: PublicationStatus
  publishedAt: Date | null
  embargoUntil: Date | null
  embargoZone: string
  withdrawn: Withdrawal | null
  text: VersionSummary & { body: string; quotes: PublicationQuote[]; contacts: PublicationContact[] }
  /** Every version, this one included, the original first. */
  versions: VersionSummary[]
  countries: { code: string; slug: string; names: Record<NameLocale, string> }[]
  /** Published rating decisions only. */
  decisions: { id: number; countryCode: string; countryNames: Record<NameLocale, string>; publishedAt: Date }[]
  /** Public updates only (published, or withdrawn and marked so). */
  updates: { id: number; language: Locale; title: string; withdrawn: boolean }[]
  attachments: AttachmentInfo[]
  corrections: { note: string; correctedAt: Date }[]
  /** The published watchlist edition a report presents, and the year annual findings cover. */
  watchlistEdition: { id: number; title: string } | null
  findingsYear: number | null
}

/** The version with this slug, when its publication is visible to the audience; null otherwise (unknown or not visible alike). */
export async function findPublicationVersion(db: Kysely<DB>, slug: string, audience: Audience): Promise<PublicationArticle | null> {
  const row = await db
    .selectFrom('publication_texts as t')
    .innerJoin('publications', 'publications.id', 't.publication_id')
    .select([
      ...SUMMARY_COLUMNS,
      't.language',
      't.slug',
      't.title',
      't.summary',
      't.body',
      't.quotes',
      't.contacts',
      'publications.watchlist_edition_id',
      'publications.findings_year',
    ])
    .where('t.slug', '=', slug)
    .where('publications.status', 'in', VISIBLE[audience])
    .executeTakeFirst()
  if (!row) return null
  const [[summary], countries, decisions, updates, attachments, corrections, edition] = await Promise.all([
    summariesOf(db, [row]),
    db
      .selectFrom('publication_countries as pc')
      .innerJoin('countries', 'countries.code', 'pc.country_code')
      .select(['countries.code', 'countries.slug', 'countries.names'])
      .where('pc.publication_id', '=', row.id)
      .orderBy('countries.code')
      .execute(),
    db
      .selectFrom('publication_decisions as pd')
      .innerJoin('rating_decisions as d', 'd.id', 'pd.decision_id')
      .innerJoin('countries', 'countries.code', 'd.country_code')
      .select(['d.id', 'd.country_code', 'd.published_at', 'countries.names'])
      .where('pd.publication_id', '=', row.id)
      .where('d.status', '=', 'published')
      .orderBy('d.published_at', 'desc')
      .orderBy('d.id', 'desc')
      .execute(),
    db
      .selectFrom('publication_updates as pu')
      .innerJoin('updates as u', 'u.id', 'pu.update_id')
      .select(['u.id', 'u.language', 'u.title', 'u.status'])
      .where('pu.publication_id', '=', row.id)
      .where('u.status', 'in', ['published', 'withdrawn'])
      .orderBy('u.published_at', 'desc')
      .orderBy('u.id', 'desc')
      .execute(),
    attachmentsOf(db, row.id),
    db
      .selectFrom('publication_corrections')
      .select(['note', 'corrected_at'])
      .where('publication_id', '=', row.id)
      .orderBy('corrected_at')
      .orderBy('id')
      .execute(),
    row.watchlist_edition_id === null
      ? undefined
      : db
          .selectFrom('watchlist_editions')
          .select(['id', 'title'])
          .where('id', '=', row.watchlist_edition_id)
          .where('status', '=', 'published')
          .executeTakeFirst(),
  ])
  return {
    ...summary!,
    text: {
      language: row.language,
      slug: row.slug,
      title: row.title,
      summary: row.summary,
      body: row.body,
      quotes: row.quotes,
      contacts: row.contacts,
    },
    countries: countries.map((c) => ({ code: c.code.trim(), slug: c.slug, names: c.names })),
    decisions: decisions.map((d) => ({
      id: d.id,
      countryCode: d.country_code.trim(),
      countryNames: d.names,
      publishedAt: d.published_at!,
    })),
    updates: updates.map((u) => ({ id: u.id, language: u.language, title: u.title, withdrawn: u.status === 'withdrawn' })),
    attachments,
    corrections: corrections.map((c) => ({ note: c.note, correctedAt: c.corrected_at })),
    watchlistEdition: edition ?? null,
    findingsYear: row.findings_year,
  }
}

/** The language versions of the latest published report presenting this watchlist edition, if any (a withdrawn one no longer does). */
export async function reportOfEdition(db: Kysely<DB>, editionId: number): Promise<VersionSummary[] | null> {
  const rows = await db
    .selectFrom('publications')
    .select(SUMMARY_COLUMNS)
    .where('publications.status', '=', 'published')
    .where('publications.watchlist_edition_id', '=', editionId)
    .orderBy('publications.published_at', 'desc')
    .orderBy('publications.id', 'desc')
    .limit(1)
    .execute()
  const [summary] = await summariesOf(db, rows)
  return summary?.versions ?? null
}

/** Every published publication's language versions (the original first): the sitemap's entries. */
export async function publishedVersionGroups(db: Kysely<DB>): Promise<Pick<VersionSummary, 'language' | 'slug'>[][]> {
  const rows = await db
    .selectFrom('publication_texts as t')
    .innerJoin('publications', 'publications.id', 't.publication_id')
    .where('publications.status', 'in', VISIBLE.public)
    .select(['t.publication_id', 't.language', 't.slug'])
    .orderBy('publications.published_at', 'desc')
    .orderBy('t.publication_id', 'desc')
    .orderBy('t.id')
    .execute()
  const groups = new Map<number, Pick<VersionSummary, 'language' | 'slug'>[]>()
  for (const r of rows) groups.set(r.publication_id, [...(groups.get(r.publication_id) ?? []), { language: r.language, slug: r.slug }])
  return [...groups.values()]
}

/**
 * The latest published publications announcing a rating decision, or concerning a country: for
 * the decision's page and the country's page. Published only: a withdrawn one no longer announces anything.
 */
export async function publishedAbout(
  db: Kysely<DB>,
  about: { decisionId: number } | { countryCode: string },
  limit = 5,
): Promise<PublicationSummary[]> {
  let query = db.selectFrom('publications').select(SUMMARY_COLUMNS).where('publications.status', '=', 'published')
  query =
    'decisionId' in about
      ? query.where(
          'publications.id',
          'in',
          db.selectFrom('publication_decisions').select('publication_id').where('decision_id', '=', about.decisionId),
        )
      : query.where(
          'publications.id',
          'in',
          db.selectFrom('publication_countries').select('publication_id').where('country_code', '=', about.countryCode),
        )
  const rows = await query.orderBy('publications.published_at', 'desc').orderBy('publications.id', 'desc').limit(limit).execute()
  return summariesOf(db, rows)
}
