import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import type { Identity } from '../../lib/auth.js'
import type { Clock } from '../../lib/dates.js'
import { sha256 } from '../../lib/secrets.js'
import { findSession } from './sessions.js'
import { loadUser } from './users.queries.js'

/** Sessions, users and API tokens as lib/auth.ts asks for them (it knows no feature). */
export function accountsIdentity(db: Kysely<DB>, clock: Clock): Identity {
  return {
    async resumeSession(token) {
      const session = await findSession(db, token, clock())
      const user = session && (await loadUser(db, session.userId))
      return session && user ? { session, user } : null
    },

    async apiTokenUser(token) {
      const row = await db
        .selectFrom('api_tokens')
        .select(['id', 'user_id', 'roles', 'last_used_at'])
        .where('token_hash', '=', sha256(token))
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      const user = row && (await loadUser(db, row.user_id))
      if (!row || !user) return null
      // Written at most once a minute, not on every request.
      const now = clock()
      if (!row.last_used_at || now.getTime() - row.last_used_at.getTime() > 60_000)
        await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', row.id).execute()
      // A token acts with the roles it was given that its owner still holds.
      return { ...user, roles: user.roles.filter((role) => row.roles.includes(role)) }
    },
  }
}
