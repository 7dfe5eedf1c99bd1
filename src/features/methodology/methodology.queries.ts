import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { MethodologyConfig } from './methodology.js'

export interface MethodologyVersion {
  id: number
  label: string
  status: 'draft' | 'published'
  config: MethodologyConfig
  notes: string
  createdAt: Date
  publishedAt: Date | null
}

const COLUMNS = ['id', 'label', 'status', 'config', 'notes', 'created_at', 'published_at'] as const

function toVersion(row: {
  id: number
  label: string
  status: 'draft' | 'published'
  config: unknown
  notes: string
  created_at: Date
  published_at: Date | null
}): MethodologyVersion {
  return {
    id: Number(row.id),
    label: row.label,
    status: row.status,
    config: row.config as MethodologyConfig,
    notes: row.notes,
    createdAt: row.created_at,
    publishedAt: row.published_at,
  }
}

/** The version in force: the last one published. Null only before the seed has run. */
export async function methodologyInForce(db: Kysely<DB>): Promise<MethodologyVersion | null> {
  const row = await db
    .selectFrom('methodology_versions')
    .select(COLUMNS)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row ? toVersion(row) : null
}

export async function methodologyById(db: Kysely<DB>, id: number): Promise<MethodologyVersion | null> {
  const row = await db.selectFrom('methodology_versions').select(COLUMNS).where('id', '=', id).executeTakeFirst()
  return row ? toVersion(row) : null
}

export async function methodologyByLabel(db: Kysely<DB>, label: string): Promise<MethodologyVersion | null> {
  const row = await db.selectFrom('methodology_versions').select(COLUMNS).where('label', '=', label).executeTakeFirst()
  return row ? toVersion(row) : null
}

/** Every version, newest first; drafts only when asked for (the back office). */
export async function listMethodologies(db: Kysely<DB>, withDrafts: boolean): Promise<MethodologyVersion[]> {
  let query = db.selectFrom('methodology_versions').select(COLUMNS).orderBy('id', 'desc')
  if (!withDrafts) query = query.where('status', '=', 'published')
  return (await query.execute()).map(toVersion)
}

/** The public methodology pages, for the sitemap: the version in force, then each earlier published one. */
export async function methodologyPaths(db: Kysely<DB>): Promise<string[]> {
  const [inForce, published] = await Promise.all([methodologyInForce(db), listMethodologies(db, false)])
  return ['/methodology', ...published.filter((v) => v.id !== inForce?.id).map((v) => `/methodology/${encodeURIComponent(v.label)}`)]
}
