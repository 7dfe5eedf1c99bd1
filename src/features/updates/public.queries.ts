import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { ContentLanguage, DB, Freedom } from '../../db/schema.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

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

/** The query parsed with every language's stemming, joined by OR: a Russian query finds Russian word forms, an English one English forms. */
function parsedQuery(q: string) {
  return sql`(${sql.join(
    CONTENT_LANGUAGES.map((language) => sql`websearch_to_tsquery(${CONFIG[language]}::regconfig, ${q})`),
    sql` || `,
  )})`
}

/**
 * The ids of the updates whose text matches, from the GIN index. The planner, which does not
 * count the cost of reading long tsvectors out of TOAST, would rather scan the table (ten times
 * slower on 20,000 updates); in this one transaction it is told not to. See bench/search.ts.
 */
async function searchIds(db: Kysely<DB>, q: string): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local enable_seqscan = off`.execute(trx)
    const { rows } = await sql<{ id: number }>`select id from updates where search @@ ${parsedQuery(q)}`.execute(trx)
    return rows.map((r) => Number(r.id))
  })
}

/** A filter ready to run: with a search, the matching ids, found once and shared by the list and the facets. */
export type PreparedFilter = PublicFilter & { ids?: number[] }

export async function prepareFilter(db: Kysely<DB>, filter: PublicFilter): Promise<PreparedFilter> {
  return filter.q ? { ...filter, ids: await searchIds(db, filter.q) } : filter
}

/** Published updates (withdrawn ones stay listed, marked) matching the filter. */
export function publicUpdates(db: Kysely<DB>, filter: PreparedFilter): Query {
  let query = db
    .selectFrom('updates')
    .innerJoin('countries', 'countries.code', 'updates.country_code')
    .where('updates.status', 'in', ['published', 'withdrawn'])
  if (filter.q) {
    if (!filter.ids) throw new Error('A search needs prepareFilter() first.')
    query = query.where(sql<boolean>`updates.id = any(${sql.val(filter.ids)}::bigint[])`)
  }
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
  sample: boolean
  /** Escaped HTML with <mark>ed words, for a search. */
  snippet: string | null
}

export async function listPublicUpdates(
  db: Kysely<DB>,
  filter: PreparedFilter,
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
    'updates.sample',
  ])
  if (q) {
    const tsquery = sql`websearch_to_tsquery(${SEARCH_CONFIG}, ${q})`
    query = query
      .select(
        sql<string>`ts_headline(${SEARCH_CONFIG}, updates.summary || ' ' || updates.body, ${tsquery}, ${`StartSel=${MARK_START},StopSel=${MARK_END},MaxFragments=2,MaxWords=30,MinWords=12`})`.as(
          'snippet',
        ),
      )
      // Matches in the title first, then the newest. (Ranking on the whole text would read every
      // match's long tsvector: too slow on PGlite with thousands of matches.)
      .orderBy(sql`to_tsvector(${SEARCH_CONFIG}, updates.title) @@ ${tsquery}`, 'desc')
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
    sample: r.sample,
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

/** Counts for each filter value within the current results: the search runs once, in a CTE. */
export async function publicFacets(db: Kysely<DB>, filter: PreparedFilter): Promise<Facets> {
  const matched = publicUpdates(db, filter).select([
    'updates.id',
    'updates.country_code',
    'countries.region',
    'updates.language',
    'updates.freedoms',
    'updates.organisation_id',
  ])
  const { rows } = await sql<{ facet: string; value: string; label: string | null; n: number }>`
    with m as (${matched})
    select 'total' as facet, '' as value, null as label, count(*)::int as n from m
    union all select 'country', country_code, null, count(*)::int from m group by country_code
    union all select 'region', region, null, count(*)::int from m group by region
    union all select 'freedom', f, null, count(*)::int from m, unnest(m.freedoms) f group by f
    union all select 'language', language, null, count(*)::int from m group by language
    union all select 'tag', t.key, null, count(*)::int from m join update_tags ut on ut.update_id = m.id
      join taxonomy_terms t on t.id = ut.term_id group by t.key
    union all select 'partner', o.slug, o.name, count(*)::int from m join organisations o on o.id = m.organisation_id
      where o.credited group by o.slug, o.name`.execute(db)
  const of = (facet: string) =>
    rows
      .filter((r) => r.facet === facet)
      .sort((a, b) => b.n - a.n || a.value.localeCompare(b.value))
      .map((r) => ({ value: r.value, label: r.label ?? r.value, count: Number(r.n) }))
  const plain = (facet: string) => of(facet).map(({ value, count }) => ({ value, count }))
  return {
    total: Number(rows.find((r) => r.facet === 'total')?.n ?? 0),
    country: plain('country'),
    region: plain('region'),
    freedom: plain('freedom'),
    tag: plain('tag'),
    language: plain('language'),
    // Only credited organisations are ever named.
    partner: of('partner'),
  }
}
