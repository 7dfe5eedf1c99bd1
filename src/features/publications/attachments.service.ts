import type { Kysely, Transaction } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB, PublicationStatus } from '../../db/schema.js'
import { notFound } from '../../lib/errors.js'
import { attachmentsEditable, fileRefused, type CheckedAttachment } from './attachments.js'
import type { AttachmentInfo } from './attachments.queries.js'

/**
 * Adding and removing a publication's files, audited (withActor). Each write locks the
 * publication's row first, so a file cannot slip in while the publishing job publishes it.
 */

async function lockEditable(trx: Transaction<DB>, publicationId: number): Promise<PublicationStatus> {
  const row = await trx.selectFrom('publications').select('status').where('id', '=', publicationId).forUpdate().executeTakeFirst()
  if (!row) throw notFound('publication')
  if (!attachmentsEditable(row.status)) throw fileRefused(409, 'attachment.problem.published')
  return row.status
}

export interface StoredAttachment extends AttachmentInfo {
  publicationId: number
  sha256: string
}

export async function addAttachment(
  db: Kysely<DB>,
  actor: Actor,
  publicationId: number,
  file: CheckedAttachment,
): Promise<StoredAttachment> {
  return withActor(db, actor, async (trx) => {
    await lockEditable(trx, publicationId)
    const row = await trx
      .insertInto('publication_attachments')
      .values({
        publication_id: publicationId,
        file_name: file.fileName,
        media_type: file.mediaType,
        byte_size: file.byteSize,
        sha256: file.sha256,
        content: file.content,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: row.id, publicationId, fileName: file.fileName, mediaType: file.mediaType, byteSize: file.byteSize, sha256: file.sha256 }
  })
}

export async function removeAttachment(db: Kysely<DB>, actor: Actor, publicationId: number, attachmentId: number): Promise<void> {
  await withActor(db, actor, async (trx) => {
    await lockEditable(trx, publicationId)
    const removed = await trx
      .deleteFrom('publication_attachments')
      .where('id', '=', attachmentId)
      .where('publication_id', '=', publicationId)
      .executeTakeFirst()
    if (Number(removed.numDeletedRows) === 0) throw notFound('file')
  })
}
