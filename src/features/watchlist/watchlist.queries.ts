import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

/**
 * Reads of watchlist editions. Staff reads see drafts; the public reads (publishedEdition,
 * publishedEditions) are the only ones public pages and the API use, and never return a draft.
 */
export interface EditionSummary {
  id: number
  title: string
  editionDate: string
  status: 'draft' | 'published'
  publishedAt: Date | null
  countries: number
}

export interface WatchlistEntry {
  countryCode: string
  position: number
  rationale: string
}

export interface Edition extends Omit<EditionSummary, 'countries'> {
  introduction: string
  entries: WatchlistEntry[]
}

function summaries(db: Kysely<DB>) {
  return db.selectFrom('watchlist_editions as e').select((eb) => [
    'e.id',
    'e.title',
    'e.edition_date',
    'e.status',
    'e.published_at',
    eb
      .selectFrom('watchlist_entries')
      .whereRef('watchlist_entries.edition_id', '=', 'e.id')
      .select((sub) => sub.fn.countAll<number>().as('n'))
      .as('countries'),
  ])
}

const toSummary = (r: {
  id: number
  title: string
  edition_date: string
  status: 'draft' | 'published'
  published_at: Date | null
  countries: number | string | null
}): EditionSummary => ({
  id: r.id,
  title: r.title,
  editionDate: r.edition_date,
  status: r.status,
  publishedAt: r.published_at,
  countries: Number(r.countries ?? 0),
})

/** Every edition for the editors: drafts first, then by edition date, newest first. */
export async function listEditions(db: Kysely<DB>): Promise<EditionSummary[]> {
  const rows = await summaries(db).orderBy('e.status').orderBy('e.edition_date', 'desc').orderBy('e.id', 'desc').execute()
  return rows.map(toSummary)
}

/** Published editions, the latest first: by edition date, then by publication. */
export async function publishedEditions(db: Kysely<DB>): Promise<EditionSummary[]> {
  const rows = await summaries(db)
    .where('e.status', '=', 'published')
    .orderBy('e.edition_date', 'desc')
    .orderBy('e.published_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute()
  return rows.map(toSummary)
}

/** One edition with its countries in order, drafts included: for editors. */
export function loadEdition(db: Kysely<DB>, id: number): Promise<Edition | null> {
  return editionOf(db, id, false)
}

/** One published edition; null for a draft or an unknown id. */
export function publishedEdition(db: Kysely<DB>, id: number): Promise<Edition | null> {
  return editionOf(db, id, true)
}

async function editionOf(db: Kysely<DB>, id: number, publishedOnly: boolean): Promise<Edition | null> {
  let query = db
    .selectFrom('watchlist_editions')
    .select(['id', 'title', 'edition_date', 'introduction', 'status', 'published_at'])
    .where('id', '=', id)
  if (publishedOnly) query = query.where('status', '=', 'published')
  const row = await query.executeTakeFirst()
  if (!row) return null
  const entries = await db
    .selectFrom('watchlist_entries')
    .select(['country_code', 'position', 'rationale'])
    .where('edition_id', '=', id)
    .orderBy('position')
    .orderBy('country_code')
    .execute()
  return {
    id: row.id,
    title: row.title,
    editionDate: row.edition_date,
    introduction: row.introduction,
    status: row.status,
    publishedAt: row.published_at,
    entries: entries.map((e) => ({ countryCode: e.country_code, position: e.position, rationale: e.rationale })),
  }
}
