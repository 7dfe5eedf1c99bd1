import type { Kysely } from 'kysely'
import type { DB, Role } from '../../db/schema.js'

export interface SessionView {
  /** A short handle for forms: the first characters of the session's hash, never the cookie. */
  handle: string
  createdAt: Date
  lastSeenAt: Date
  ip: string | null
  userAgent: string | null
  current: boolean
}

export interface TokenView {
  id: number
  name: string
  roles: Role[]
  createdAt: Date
  lastUsedAt: Date | null
}

export async function listSessions(db: Kysely<DB>, userId: number, currentHash: string | null): Promise<SessionView[]> {
  const rows = await db
    .selectFrom('sessions')
    .select(['id_hash', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('user_id', '=', userId)
    .orderBy('last_seen_at', 'desc')
    .execute()
  return rows.map((r) => ({
    handle: r.id_hash.slice(0, 16),
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    ip: r.ip,
    userAgent: r.user_agent,
    current: r.id_hash === currentHash,
  }))
}

export async function listTokens(db: Kysely<DB>, userId: number): Promise<TokenView[]> {
  const rows = await db
    .selectFrom('api_tokens')
    .select(['id', 'name', 'roles', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, name: r.name, roles: r.roles, createdAt: r.created_at, lastUsedAt: r.last_used_at }))
}
