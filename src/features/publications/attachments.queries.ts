import type { Kysely } from 'kysely'
import type { AttachmentMediaType, DB, PublicationStatus } from '../../db/schema.js'

/** What pages list about an attachment (never its bytes). */
export interface AttachmentInfo {
  id: number
  fileName: string
  mediaType: AttachmentMediaType
  byteSize: number
}

export async function attachmentsOf(db: Kysely<DB>, publicationId: number): Promise<AttachmentInfo[]> {
  const rows = await db
    .selectFrom('publication_attachments')
    .select(['id', 'file_name', 'media_type', 'byte_size'])
    .where('publication_id', '=', publicationId)
    .orderBy('id')
    .execute()
  return rows.map((r) => ({ id: r.id, fileName: r.file_name, mediaType: r.media_type, byteSize: r.byte_size }))
}

/**
 * Where an attachment is downloaded: '/press/files/…' serves only published publications'
 * files to everyone; '/press-room/files/…' serves embargoed ones to accredited journalists.
 */
export function attachmentUrl(scope: 'public' | 'press', attachment: Pick<AttachmentInfo, 'id' | 'fileName'>): string {
  return `/${scope === 'public' ? 'press' : 'press-room'}/files/${attachment.id}/${encodeURIComponent(attachment.fileName)}`
}

/** What serving a file needs to decide, without its bytes: the file's metadata and its publication's status. */
export interface ServedAttachment extends AttachmentInfo {
  sha256: string
  status: PublicationStatus
}

export async function loadServedAttachment(db: Kysely<DB>, id: number): Promise<ServedAttachment | null> {
  const row = await db
    .selectFrom('publication_attachments as a')
    .innerJoin('publications as p', 'p.id', 'a.publication_id')
    .select(['a.id', 'a.file_name', 'a.media_type', 'a.byte_size', 'a.sha256', 'p.status'])
    .where('a.id', '=', id)
    .executeTakeFirst()
  if (!row) return null
  return { id: row.id, fileName: row.file_name, mediaType: row.media_type, byteSize: row.byte_size, sha256: row.sha256, status: row.status }
}

/** The file's bytes (a Buffer from either back end: pg gives a Buffer, PGlite a Uint8Array). */
export async function attachmentContent(db: Kysely<DB>, id: number): Promise<Buffer | null> {
  const row = await db.selectFrom('publication_attachments').select('content').where('id', '=', id).executeTakeFirst()
  if (!row) return null
  const bytes: Uint8Array = row.content
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
}

export async function publicationStatus(db: Kysely<DB>, publicationId: number): Promise<PublicationStatus | null> {
  const row = await db.selectFrom('publications').select('status').where('id', '=', publicationId).executeTakeFirst()
  return row?.status ?? null
}
