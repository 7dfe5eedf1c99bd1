import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

/** The requests editors decide on: every pending one (oldest first), then the latest decisions. */
export type AccreditationStatus = 'pending' | 'approved' | 'refused' | 'revoked'

export interface Accreditation {
  id: number
  name: string
  outlet: string
  email: string
  reason: string
  status: AccreditationStatus
  userId: number | null
  createdAt: Date
  decidedAt: Date | null
  decidedBy: { id: number; name: string } | null
}

export const DECIDED_SHOWN = 200

export async function listAccreditations(db: Kysely<DB>, status?: AccreditationStatus): Promise<Accreditation[]> {
  let query = db
    .selectFrom('accreditations as a')
    .leftJoin('users as editor', 'editor.id', 'a.decided_by')
    .select([
      'a.id',
      'a.name',
      'a.outlet',
      'a.email',
      'a.reason',
      'a.status',
      'a.user_id',
      'a.created_at',
      'a.decided_at',
      'a.decided_by',
      'editor.display_name as decider',
    ])
  if (status) query = query.where('a.status', '=', status)
  const [pending, decided] = await Promise.all([
    status && status !== 'pending' ? [] : query.where('a.status', '=', 'pending').orderBy('a.created_at').orderBy('a.id').execute(),
    status === 'pending'
      ? []
      : query.where('a.status', '<>', 'pending').orderBy('a.decided_at', 'desc').orderBy('a.id', 'desc').limit(DECIDED_SHOWN).execute(),
  ])
  return [...pending, ...decided].map((row) => ({
    id: row.id,
    name: row.name,
    outlet: row.outlet,
    email: row.email,
    reason: row.reason,
    status: row.status,
    userId: row.user_id,
    createdAt: row.created_at,
    decidedAt: row.decided_at,
    decidedBy: row.decided_by === null ? null : { id: row.decided_by, name: row.decider ?? '' },
  }))
}
