import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { ContentLanguage, DB, Freedom } from '../../db/schema.js'
import { CONTENT_LANGUAGES } from './update-form.js'

/**
 * What the public may read: published and withdrawn updates only, never restricted notes, and
 * for restricted incidents never the place. Every public page, feed and API response reads
 * through this module, so the rule lives in one place.
 */
export interface PublicFilter {
  q?: string
  country?: string
  region?: string
  freedom?: Freedom
  tag?: string
  language?: ContentLanguage
  partner?: string
  from?: string
  to?: string
}

const CONFIG: Record<ContentLanguage, string> = { en: 'english', ru: 'russian', es: 'spanish', fr: 'french', ar: 'arabic' }
export const SEARCH_CONFIG = sql`case updates.language when 'ru' then 'russian'::regconfig when 'es' then 'spanish'::regconfig
  when 'fr' then 'french'::regconfig when 'ar' then 'arabic'::regconfig else 'english'::regconfig end`
/** Markers for highlighted words: never in real text, replaced by <mark> after escaping. */
export const MARK_START = '\u0002'
export const MARK_END = '\u0003'

type Query = SelectQueryBuilder<DB, 'updates' | 'countries', object>

function matches(eb: ExpressionBuilder<DB, 'updates'>, q: string) {
  // One condition per language, each with a constant configuration: the GIN index serves them all.
  return eb.or(
    CONTENT_LANGUAGES.map((language) =>
      eb.and([
        eb('updates.language', '=', language),
        sql<boolean>`updates.search @@ websearch_to_tsquery(${CONFIG[language]}::regconfig, ${q})`,
      ]),
    ),
  )
}

/** Published updates (withdrawn ones stay listed, marked) matching the filter. */
export function publicUpdates(db: Kysely<DB>, filter: PublicFilter): Query {
  let query = db
    .selectFrom('updates')
    .innerJoin('countries', 'countries.code', 'updates.country_code')
    .where('updates.status', 'in', ['published', 'withdrawn'])
  if (filter.q) query = query.where((eb) => matches(eb, filter.q!))
  if (filter.country) query = query.where('updates.country_code', '=', filter.country)
  if (filter.region) query = query.where('countries.region', '=', filter.region)
  if (filter.freedom) query = query.where(sql<boolean>`${filter.freedom} = any(updates.freedoms)`)
  if (filter.language) query = query.where('updates.language', '=', filter.language)
  if (filter.from) query = query.where('updates.published_at', '>=', new Date(`${filter.from}T00:00:00Z`))
  if (filter.to) query = query.where('updates.published_at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000))
  if (filter.tag)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('update_tags')
          .innerJoin('taxonomy_terms', 'taxonomy_terms.id', 'update_tags.term_id')
          .whereRef('update_tags.update_id', '=', 'updates.id')
          .where('taxonomy_terms.key', '=', filter.tag!)
          .select(sql`1`.as('one')),
      ),
    )
  if (filter.partner)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('organisations')
          .whereRef('organisations.id', '=', 'updates.organisation_id')
          .where('organisations.slug', '=', filter.partner!)
          .where('organisations.credited', '=', true)
          .select(sql`1`.as('one')),
      ),
    )
  return query
}

export interface PublicUpdateSummary {
  id: number
  countryCode: string
  language: ContentLanguage
  title: string
  summary: string
  publishedAt: Date
  withdrawn: boolean
  /** Escaped HTML with <mark>ed words, for a search. */
  snippet: string | null
}

export async function listPublicUpdates(
  db: Kysely<DB>,
  filter: PublicFilter,
  page: { limit: number; offset: number; after?: { publishedAt: Date; id: number } },
): Promise<PublicUpdateSummary[]> {
  const q = filter.q ?? ''
  let query = publicUpdates(db, filter).select([
    'updates.id',
    'updates.country_code',
    'updates.language',
    'updates.title',
    'updates.summary',
    'updates.published_at',
    'updates.status',
  ])
  if (q) {
    const tsquery = sql`websearch_to_tsquery(${SEARCH_CONFIG}, ${q})`
    query = query
      .select(
        sql<string>`ts_headline(${SEARCH_CONFIG}, updates.summary || ' ' || updates.body, ${tsquery}, ${`StartSel=${MARK_START},StopSel=${MARK_END},MaxFragments=2,MaxWords=30,MinWords=12`})`.as(
          'snippet',
        ),
      )
      .orderBy(sql`ts_rank(updates.search, ${tsquery})`, 'desc')
  }
  if (page.after) {
    const { publishedAt, id } = page.after
    query = query.where((eb) =>
      eb.or([
        eb('updates.published_at', '<', publishedAt),
        eb.and([eb('updates.published_at', '=', publishedAt), eb('updates.id', '<', id)]),
      ]),
    )
  }
  const rows = await query
    .orderBy('updates.published_at', 'desc')
    .orderBy('updates.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute()
  return rows.map((r) => ({
    id: r.id,
    countryCode: r.country_code,
    language: r.language,
    title: r.title,
    summary: r.summary,
    publishedAt: r.published_at!,
    withdrawn: r.status === 'withdrawn',
    snippet: 'snippet' in r ? highlight(String(r.snippet)) : null,
  }))
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

/** Escapes the snippet, then turns the markers into <mark>: no text from the database is ever taken as HTML. */
export function highlight(snippet: string): string {
  return escapeHtml(snippet).split(MARK_START).join('<mark>').split(MARK_END).join('</mark>')
}

export interface Facets {
  total: number
  country: { value: string; count: number }[]
  region: { value: string; count: number }[]
  freedom: { value: string; count: number }[]
  tag: { value: string; count: number }[]
  language: { value: string; count: number }[]
  partner: { value: string; label: string; count: number }[]
}

/** Counts for each filter value within the current results. */
export async function publicFacets(db: Kysely<DB>, filter: PublicFilter): Promise<Facets> {
  const base = () => publicUpdates(db, filter)
  const count = sql<number>`count(*)::int`
  const [total, country, region, freedom, tag, language, partner] = await Promise.all([
    base().select(count.as('n')).executeTakeFirstOrThrow(),
    base()
      .select(['updates.country_code as value', count.as('n')])
      .groupBy('updates.country_code')
      .execute(),
    base()
      .select(['countries.region as value', count.as('n')])
      .groupBy('countries.region')
      .execute(),
    base()
      .select([sql<string>`unnest(updates.freedoms)`.as('value'), count.as('n')])
      .groupBy(sql`1`)
      .execute(),
    base()
      .innerJoin('update_tags', 'update_tags.update_id', 'updates.id')
      .innerJoin('taxonomy_terms', 'taxonomy_terms.id', 'update_tags.term_id')
      .select(['taxonomy_terms.key as value', count.as('n')])
      .groupBy('taxonomy_terms.key')
      .execute(),
    base()
      .select(['updates.language as value', count.as('n')])
      .groupBy('updates.language')
      .execute(),
    // Only credited organisations are ever named.
    base()
      .innerJoin('organisations', 'organisations.id', 'updates.organisation_id')
      .where('organisations.credited', '=', true)
      .select(['organisations.slug as value', 'organisations.name as label', count.as('n')])
      .groupBy(['organisations.slug', 'organisations.name'])
      .execute(),
  ])
  const sorted = <T extends { n: number }>(rows: T[]) => [...rows].sort((a, b) => b.n - a.n)
  const plain = (rows: { value: string; n: number }[]) => sorted(rows).map((r) => ({ value: r.value, count: r.n }))
  return {
    total: total.n,
    country: plain(country),
    region: plain(region),
    freedom: plain(freedom),
    tag: plain(tag),
    language: plain(language),
    partner: sorted(partner).map((r) => ({ value: r.value, label: r.label, count: r.n })),
  }
}
