import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'

export interface AuditFilter {
  actor?: string
  subject?: string
  action?: string
  from?: string
  to?: string
  /** Entries with an id below this (the next page). */
  before?: number
}

export interface AuditEntry {
  id: number
  at: Date
  actor: string
  ip: string | null
  action: string
  subject: string
  subjectKey: string | null
  before: unknown
  after: unknown
}

export const AUDIT_PAGE = 50

/** Newest first, filtered; one more than a page is read to know whether there is a next one. */
export async function listAudit(db: Kysely<DB>, filter: AuditFilter): Promise<{ entries: AuditEntry[]; nextBefore: number | null }> {
  let query = db
    .selectFrom('audit_log')
    .selectAll()
    .orderBy('id', 'desc')
    .limit(AUDIT_PAGE + 1)
  if (filter.actor) query = query.where('actor', '=', filter.actor)
  if (filter.subject) query = query.where('subject', '=', filter.subject)
  if (filter.action) query = query.where('action', '=', filter.action)
  if (filter.from) query = query.where('at', '>=', new Date(`${filter.from}T00:00:00Z`))
  if (filter.to) query = query.where('at', '<', new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + 86_400_000))
  if (filter.before) query = query.where('id', '<', filter.before)
  const rows = await query.execute()
  const page = rows.slice(0, AUDIT_PAGE)
  return {
    entries: page.map((r) => ({
      id: r.id,
      at: r.at,
      actor: r.actor,
      ip: r.ip,
      action: r.action,
      subject: r.subject,
      subjectKey: r.subject_key,
      before: r.before,
      after: r.after,
    })),
    nextBefore: rows.length > AUDIT_PAGE ? (page.at(-1)?.id ?? null) : null,
  }
}

/** The distinct values the filters offer. */
export async function auditFacets(db: Kysely<DB>): Promise<{ subjects: string[]; actions: string[] }> {
  const [subjects, actions] = await Promise.all([
    db.selectFrom('audit_log').select('subject').distinct().orderBy('subject').execute(),
    db.selectFrom('audit_log').select('action').distinct().orderBy('action').execute(),
  ])
  return { subjects: subjects.map((s) => s.subject), actions: actions.map((a) => a.action) }
}
