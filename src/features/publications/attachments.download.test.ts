import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { AttachmentMediaType, PublicationStatus, Role } from '../../db/schema.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createUser } from '../../../test/helpers/factories.js'
import { signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { makePublication, setPublicationStatus } from '../../../test/helpers/publications.js'
import { attachmentUrl } from './attachments.queries.js'

/** Serving files: to everyone once published (/press/files), to the press room before (/press-room/files). */
const NOW = new Date('2030-06-01T12:00:00Z')
// Over the app's 1 KiB compression threshold, so a download that were recompressed would show it.
const PDF = Buffer.from(`%PDF-1.4\n%${' fictional'.repeat(300)}\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`)
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])

describe.each(backends)('publication files served on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  let slugs = 0

  const person = async (role: Role) => signedIn(db(), (await createUser(db(), { roles: [role] })).id, NOW)
  const publication = async (status: PublicationStatus) => {
    const author = await createUser(db(), { roles: ['editor'] })
    slugs += 1
    const texts = [{ language: 'en' as const, slug: `fictional-served-${kind}-${slugs}`, title: 'Fictional statement' }]
    const embargoUntil = status === 'draft' || status === 'review' ? null : NOW
    return (await makePublication(db(), { createdBy: author.id, status, embargoUntil, texts })).id
  }
  const setStatus = (id: number, status: PublicationStatus) => setPublicationStatus(db(), id, status, NOW)
  /** A file stored as the upload would store it (the upload itself is tested in attachments.routes.test.ts). */
  const store = async (publicationId: number, fileName: string, mediaType: AttachmentMediaType, content: Buffer) => {
    const sha256 = createHash('sha256').update(content).digest('hex')
    const row = await db()
      .insertInto('publication_attachments')
      .values({ publication_id: publicationId, file_name: fileName, media_type: mediaType, byte_size: content.length, sha256, content })
      .returning('id')
      .executeTakeFirstOrThrow()
    const file = { id: row.id, fileName }
    return { ...file, sha256, publicUrl: attachmentUrl('public', file), pressRoomUrl: attachmentUrl('press', file) }
  }
  const get = (url: string, who?: SignedIn, headers: Record<string, string> = {}) =>
    t().app.inject({ url, headers: { ...headers, ...(who ? { cookie: who.cookie } : {}) } })

  it('serves a file to everyone only once its publication is published, with safe headers and its ETag', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const pdf = await store(id, 'Вымышленный_доклад.pdf', 'application/pdf', PDF)
    const png = await store(id, 'photo.png', 'image/png', PNG)
    const unknown = await get(`/press/files/999999999/${encodeURIComponent(pdf.fileName)}`)
    expect(unknown.statusCode).toBe(404)
    const draft = await get(pdf.publicUrl)
    expect(draft.statusCode).toBe(404)
    // The same answer as for a file that does not exist: nothing says a draft has files.
    const shape = (res: typeof draft) => [res.headers['content-type'], res.headers['cache-control'], res.headers['content-disposition']]
    expect(shape(draft)).toEqual(shape(unknown))
    expect((await get(pdf.publicUrl, editor)).statusCode).toBe(404)
    for (const status of ['review', 'scheduled'] as const) {
      await setStatus(id, status)
      expect((await get(pdf.publicUrl)).statusCode, status).toBe(404)
    }
    await setStatus(id, 'published')

    const res = await get(pdf.publicUrl)
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.equals(PDF)).toBe(true)
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="${'_'.repeat(11)}_${'_'.repeat(6)}.pdf"; filename*=UTF-8''${encodeURIComponent(pdf.fileName)}`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'public, max-age=3600',
      etag: `"${pdf.sha256}"`,
    })
    // Sent as stored: never recompressed (its ETag names these exact bytes).
    const compressed = await get(pdf.publicUrl, undefined, { 'accept-encoding': 'br, gzip' })
    expect(compressed.headers['content-encoding']).toBeUndefined()
    expect(compressed.rawPayload.equals(PDF)).toBe(true)
    const again = await get(pdf.publicUrl, undefined, { 'if-none-match': `"${pdf.sha256}"` })
    expect(again.statusCode).toBe(304)
    expect(again.body).toBe('')
    expect((await get(pdf.publicUrl, undefined, { 'if-none-match': '"something-else"' })).statusCode).toBe(200)
    const image = await get(png.publicUrl)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['content-disposition']).toBe(`inline; filename="photo.png"; filename*=UTF-8''photo.png`)
    expect(image.rawPayload.equals(PNG)).toBe(true)
    // Only under its stored name.
    expect((await get(`/press/files/${pdf.id}/other.pdf`)).statusCode).toBe(404)
    expect((await get(`/press/files/${pdf.id}/..%2F${encodeURIComponent(pdf.fileName)}`)).statusCode).toBe(404)
    expect((await get(`/press/files/${png.id}/photo.PNG`)).statusCode).toBe(404)
  })

  it('the press room serves scheduled files to journalists, and drafts only to editors', async () => {
    const editor = await person('editor')
    const journalist = await person('journalist')
    const id = await publication('draft')
    const pdf = await store(id, 'embargoed.pdf', 'application/pdf', PDF)
    expect((await get(pdf.pressRoomUrl, journalist)).statusCode).toBe(404)
    const preview = await get(pdf.pressRoomUrl, editor)
    expect(preview.statusCode).toBe(200)
    expect(preview.headers['cache-control']).toBe('private, no-store')
    expect(preview.headers['content-security-policy']).toBe("default-src 'none'; sandbox")
    await setStatus(id, 'review')
    expect((await get(pdf.pressRoomUrl, journalist)).statusCode).toBe(404)
    expect((await get(pdf.pressRoomUrl, editor)).statusCode).toBe(200)
    await setStatus(id, 'scheduled')
    const res = await get(pdf.pressRoomUrl, journalist)
    expect(res.statusCode).toBe(200)
    expect(res.rawPayload.equals(PDF)).toBe(true)
    expect(res.headers).toMatchObject({
      'content-type': 'application/pdf',
      'x-content-type-options': 'nosniff',
      'content-disposition': `attachment; filename="embargoed.pdf"; filename*=UTF-8''embargoed.pdf`,
      'content-security-policy': "default-src 'none'; sandbox",
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'private, no-store',
    })
    expect(res.headers.etag).toBeUndefined()
    expect((await get(pdf.publicUrl)).statusCode).toBe(404)
    expect((await get(`/press-room/files/${pdf.id}/other.pdf`, journalist)).statusCode).toBe(404)
    const anonymous = await get(pdf.pressRoomUrl)
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(pdf.pressRoomUrl)}`)
    expect((await get(pdf.pressRoomUrl, await person('researcher'))).statusCode).toBe(403)
    await setStatus(id, 'published')
    expect((await get(pdf.pressRoomUrl, journalist)).statusCode).toBe(200)
  })
})
