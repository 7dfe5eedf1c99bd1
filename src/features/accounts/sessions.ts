import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { SessionRecord } from '../../lib/auth.js'
import { newToken, sha256 } from '../../lib/secrets.js'

/**
 * Sessions live in the database, keyed by the hash of the cookie's value. They end after
 * IDLE_MS without use or ABSOLUTE_MS after sign-in, whichever comes first; signing in always
 * starts a new one (the old id is dropped), so a planted session id is worthless.
 */
export const IDLE_MS = 2 * 60 * 60 * 1000
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** last_seen_at is written at most this often, not on every request. */
const TOUCH_MS = 60 * 1000

export async function createSession(
  db: Kysely<DB>,
  userId: number,
  context: { now: Date; ip: string | null; userAgent: string | null },
): Promise<{ token: string; session: SessionRecord }> {
  const token = newToken()
  const session = { idHash: sha256(token), userId, csrfToken: newToken() }
  await db
    .insertInto('sessions')
    .values({
      id_hash: session.idHash,
      user_id: userId,
      created_at: context.now,
      last_seen_at: context.now,
      expires_at: new Date(context.now.getTime() + ABSOLUTE_MS),
      ip: context.ip,
      user_agent: context.userAgent?.slice(0, 300) ?? null,
      csrf_token: session.csrfToken,
    })
    .execute()
  return { token, session }
}

/** The live session behind a cookie value, or null (expired ones are removed on the way). */
export async function findSession(db: Kysely<DB>, token: string, now: Date): Promise<SessionRecord | null> {
  const idHash = sha256(token)
  const row = await db
    .selectFrom('sessions')
    .select(['user_id', 'csrf_token', 'last_seen_at', 'expires_at'])
    .where('id_hash', '=', idHash)
    .executeTakeFirst()
  if (!row) return null
  if (row.expires_at <= now || now.getTime() - row.last_seen_at.getTime() > IDLE_MS) {
    await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
    return null
  }
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id_hash', '=', idHash).execute()
  }
  return { idHash, userId: row.user_id, csrfToken: row.csrf_token }
}

export async function endSession(db: Kysely<DB>, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute()
}

/** "Sign out everywhere", and what a change of roles or password does. */
export async function endAllSessions(db: Kysely<DB>, userId: number): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst()
  return Number(result.numDeletedRows)
}
