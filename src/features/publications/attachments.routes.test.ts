import { createHash } from 'node:crypto'
import { Readable } from 'node:stream'
import { onePixelPng, tinyWebp } from '../../../test/helpers/images.js'
import { describe, expect, it } from 'vitest'
import type { PublicationStatus, Role } from '../../db/schema.js'
import { useTestApp } from '../../../test/helpers/app.js'
import { backends } from '../../../test/helpers/databases.js'
import { createUser } from '../../../test/helpers/factories.js'
import { postForm, signedIn, type SignedIn } from '../../../test/helpers/forms.js'
import { makePublication, setPublicationStatus } from '../../../test/helpers/publications.js'
import { MAX_ATTACHMENT_BYTES } from './attachments.js'

const NOW = new Date('2030-06-01T12:00:00Z')
// Over the app's 1 KiB compression threshold, so a download that were recompressed would show it.
const PDF = Buffer.from(
  `%PDF-1.4\n%${' fictional'.repeat(300)}\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`,
)
const PNG = onePixelPng()

type Part = { name: string; value: string } | { name: string; fileName: string; type: string; content: Buffer }

/** A multipart/form-data body written out by hand, as a browser would send it. */
function multipart(parts: Part[]) {
  const boundary = `----FictionalBoundary${Math.random().toString(16).slice(2)}`
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"` +
        ('fileName' in p ? `; filename="${p.fileName}"\r\nContent-Type: ${p.type}` : '') +
        '\r\n\r\n',
    ),
    'fileName' in p ? p.content : Buffer.from(p.value),
    Buffer.from('\r\n'),
  ])
  return {
    payload: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  }
}

const errorOf = (res: { json<T>(): T }) => res.json<{ error: { code: string; message: string; details?: unknown[] } }>().error

const file = (fileName: string, content: Buffer, type = 'application/octet-stream'): Part => ({ name: 'file', fileName, type, content })

describe.each(backends)('publication attachments on %s', (kind) => {
  const t = useTestApp(kind, { clock: () => NOW })
  const db = () => t().database.db
  let slugs = 0

  const person = async (role: Role) => {
    const { id } = await createUser(db(), { roles: [role] })
    return { id, ...(await signedIn(db(), id, NOW)) }
  }
  const publication = async (status: PublicationStatus = 'draft') => {
    const author = await createUser(db(), { roles: ['editor'] })
    slugs += 1
    const embargoUntil = status === 'scheduled' ? new Date('2030-07-01T09:00:00Z') : status === 'published' ? NOW : null
    const texts = [{ language: 'en' as const, slug: `fictional-release-${kind}-${slugs}`, title: 'Fictional press release' }]
    return (await makePublication(db(), { createdBy: author.id, status, embargoUntil, texts })).id
  }
  const setStatus = (id: number, status: PublicationStatus) => setPublicationStatus(db(), id, status, NOW)
  const stored = (id: number) =>
    db().selectFrom('publication_attachments').selectAll().where('publication_id', '=', id).orderBy('id').execute()

  /** Posts the upload form; the CSRF field comes first, as in the page's form. */
  const upload = (
    who: SignedIn | null,
    url: string,
    parts: Part[],
    options: { csrf?: string | null; headers?: Record<string, string> } = {},
  ) => {
    const csrf = options.csrf === undefined ? who?.csrf : options.csrf
    const form = multipart(csrf ? [{ name: '_csrf', value: csrf }, ...parts] : parts)
    return t().app.inject({
      method: 'POST',
      url,
      headers: { ...form.headers, ...(who ? { cookie: who.cookie } : {}), ...options.headers },
      payload: form.payload,
    })
  }
  const attach = async (editor: SignedIn, id: number, part: Part) => {
    const res = await upload(editor, `/workspace/publications/${id}/attachments`, [part], { headers: { accept: 'application/json' } })
    expect(res.statusCode, res.body).toBe(201)
    return res.json<{ id: number; fileName: string; pressRoomUrl: string; publicUrl: string; sha256: string }>()
  }
  const apiToken = async (editor: SignedIn) => {
    const made = await postForm(t().app, editor, '/account/tokens', [
      ['name', 'fictional script'],
      ['roles', 'editor'],
    ])
    return `Bearer ${/<code class="secret">(cm_[\w-]{43})<\/code>/.exec(made.body)![1]!}`
  }

  it('an editor attaches a file with the form: typed from its content, renamed safely, audited, back to the editor page', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const res = await upload(editor, `/workspace/publications/${id}/attachments`, [file('../../Вымышленный доклад.pdf', PDF, 'text/html')])
    expect(res.statusCode, res.body).toBe(303)
    expect(res.headers.location).toBe(`/workspace/publications/${id}`)
    const [row, ...more] = await stored(id)
    expect(more).toEqual([])
    expect(row).toMatchObject({
      file_name: 'Вымышленный_доклад.pdf',
      media_type: 'application/pdf',
      byte_size: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
    })
    expect(Buffer.from(row!.content).equals(PDF)).toBe(true)
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'action', 'after'])
      .where('subject', '=', 'publication_attachments')
      .where('subject_key', '=', String(id))
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ actor: `user:${editor.id}`, action: 'insert' })
    expect(audit[0]!.after).not.toHaveProperty('content')

    // In another language, back to that language's editor page; the extension follows the content.
    const ru = await upload(editor, `/ru/workspace/publications/${id}/attachments`, [file('fictional-photo.jpg', PNG, 'image/jpeg')])
    expect(ru.statusCode).toBe(303)
    expect(ru.headers.location).toBe(`/ru/workspace/publications/${id}`)
    expect((await stored(id)).map((r) => [r.file_name, r.media_type])).toEqual([
      ['Вымышленный_доклад.pdf', 'application/pdf'],
      ['fictional-photo.png', 'image/png'],
    ])

    // Asked for JSON, the form answers with what was stored.
    const json = await attach(editor, id, file('Fictional chart.webp', tinyWebp()))
    expect(json).toMatchObject({ fileName: 'Fictional_chart.webp', pressRoomUrl: `/press-room/files/${json.id}/Fictional_chart.webp` })
    expect(json.publicUrl).toBe(`/press/files/${json.id}/Fictional_chart.webp`)
  })

  it('refuses what is not a PDF, PNG, JPEG or WebP whatever its name, empty files and odd forms, with a clear message; nothing is stored', async () => {
    const editor = await person('editor')
    const id = await publication('review')
    const url = `/workspace/publications/${id}/attachments`
    const refusals: [Part[], number, string][] = [
      [
        [file('report.pdf', Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'application/pdf')],
        422,
        'Only PDF, PNG, JPEG and WebP',
      ],
      [[file('chart.png', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/png')], 422, 'Only PDF'],
      [[file('notes.pdf', Buffer.from('Fictional plain-text notes'), 'application/pdf')], 422, 'Only PDF'],
      [[file('setup.pdf', Buffer.from('MZ\x90\0\x03\0', 'latin1'), 'application/pdf')], 422, 'Only PDF'],
      [[file('empty.pdf', Buffer.alloc(0), 'application/pdf')], 422, 'The file is empty.'],
      [[file('', Buffer.alloc(0))], 422, 'Choose a file to attach.'],
      [[], 422, 'Choose a file to attach.'],
      [[file('one.pdf', PDF), file('two.pdf', PDF)], 422, 'one file at a time'],
      [[file('one.pdf', PDF), { name: 'title', value: 'Fictional' }], 422, 'one file at a time'],
    ]
    for (const [parts, status, message] of refusals) {
      const res = await upload(editor, url, parts)
      expect(res.statusCode, message).toBe(status)
      expect(res.body).toContain(message)
      expect(res.body).toContain(`href="/workspace/publications/${id}"`)
      expect(res.headers['cache-control']).toBe('no-store')
    }
    const ru = await upload(editor, `/ru${url}`, [file('report.pdf', Buffer.from('<html></html>'))])
    expect(ru.statusCode).toBe(422)
    expect(ru.body).toContain('Прикрепить можно только файлы PDF, PNG, JPEG и WebP')
    expect(ru.body).toContain(`href="/ru/workspace/publications/${id}"`)
    const json = await upload(editor, url, [file('page.pdf', Buffer.from('<html></html>'))], { headers: { accept: 'application/json' } })
    expect(json.statusCode).toBe(422)
    expect(errorOf(json)).toMatchObject({ code: 'attachment_refused', details: [{ field: 'file' }] })
    expect(errorOf(json).message).toContain('Only PDF')
    // Not multipart at all.
    const plain = await postForm(t().app, editor, url)
    expect(plain.statusCode).toBe(415)
    expect(plain.body).toContain('The upload could not be read.')
    expect((await postForm(t().app, editor, url, [['file', 'report.pdf']])).statusCode).toBe(415)
    expect((await postForm(t().app, editor, url, [['title', 'Fictional']])).statusCode).toBe(400)
    expect(await stored(id)).toEqual([])
  })

  it('refuses a file over 10 MB, whether the body is cut off or the file checked; nothing is stored', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const url = `/workspace/publications/${id}/attachments`
    const huge = Buffer.alloc(MAX_ATTACHMENT_BYTES + 200 * 1024)
    PDF.copy(huge)
    const cut = await upload(editor, url, [file('huge.pdf', huge, 'application/pdf')])
    expect(cut.statusCode).toBe(413)
    expect(cut.body).toContain('The file is larger than 10 MB')
    // Sent without a Content-Length (chunked): cut off while it is read.
    const form = multipart([{ name: '_csrf', value: editor.csrf }, file('huge.pdf', huge)])
    const streamed = await t().app.inject({
      method: 'POST',
      url,
      headers: { ...form.headers, cookie: editor.cookie },
      payload: Readable.from([form.payload.subarray(0, 1024), form.payload.subarray(1024)]),
    })
    expect(streamed.statusCode).toBe(413)
    expect(streamed.raw.req.headers['content-length']).toBeUndefined()
    const justOver = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1)
    PDF.copy(justOver)
    const checked = await upload(editor, url, [file('just-over.pdf', justOver, 'application/pdf')])
    expect(checked.statusCode).toBe(413)
    expect(checked.body).toContain('The file is larger than 10 MB')
    const api = await upload(editor, `/api/v1/publications/${id}/attachments`, [file('huge.pdf', huge)])
    expect(api.statusCode).toBe(413)
    expect(errorOf(api).message).toContain('larger than 10 MB')
    expect(await stored(id)).toEqual([])
  })

  it('without a valid CSRF token an upload is refused (403) and nothing is stored', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const url = `/workspace/publications/${id}/attachments`
    expect((await upload(editor, url, [file('a.pdf', PDF)], { csrf: null })).statusCode).toBe(403)
    expect((await upload(editor, url, [file('a.pdf', PDF)], { csrf: 'forged-by-another-site' })).statusCode).toBe(403)
    expect((await upload(editor, `/api/v1/publications/${id}/attachments`, [file('a.pdf', PDF)], { csrf: null })).statusCode).toBe(403)
    expect(await stored(id)).toEqual([])
  })

  it('only editors attach and remove files: researchers and journalists get 403, the signed-out sign in first', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const url = `/workspace/publications/${id}/attachments`
    for (const role of ['researcher', 'journalist', 'panelist', 'admin'] as const) {
      const someone = await person(role)
      expect((await upload(someone, url, [file('a.pdf', PDF)])).statusCode, role).toBe(403)
      expect((await upload(someone, `/api/v1/publications/${id}/attachments`, [file('a.pdf', PDF)])).statusCode, role).toBe(403)
    }
    const anonymous = await upload(null, url, [file('a.pdf', PDF)])
    expect(anonymous.statusCode).toBe(303)
    expect(anonymous.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`)
    expect((await upload(null, `/api/v1/publications/${id}/attachments`, [file('a.pdf', PDF)])).statusCode).toBe(401)
    expect(await stored(id)).toEqual([])

    const kept = await attach(editor, id, file('kept.pdf', PDF))
    const journalist = await person('journalist')
    expect((await postForm(t().app, journalist, `${url}/${kept.id}/delete`)).statusCode).toBe(403)
    expect((await postForm(t().app, editor, `${url}/${kept.id}/delete`, [['_csrf', 'forged']])).statusCode).toBe(403)
    expect((await stored(id)).map((r) => r.id)).toEqual([kept.id])
  })

  it('files can change while draft, review or scheduled, not once published: then a correction is needed', async () => {
    const editor = await person('editor')
    const scheduled = await publication('scheduled')
    expect((await upload(editor, `/workspace/publications/${scheduled}/attachments`, [file('s.pdf', PDF)])).statusCode).toBe(303)

    const id = await publication('draft')
    const first = await attach(editor, id, file('first.pdf', PDF))
    await setStatus(id, 'published')
    const url = `/workspace/publications/${id}/attachments`
    const late = await upload(editor, url, [file('late.pdf', PDF)])
    expect(late.statusCode).toBe(409)
    expect(late.body).toContain('already published, so its files can no longer be added or removed. Publish a correction instead.')
    const remove = await postForm(t().app, editor, `${url}/${first.id}/delete`)
    expect(remove.statusCode).toBe(409)
    const token = await apiToken(editor)
    const api = await t().app.inject({
      method: 'DELETE',
      url: `/api/v1/publications/${id}/attachments/${first.id}`,
      headers: { authorization: token },
    })
    expect(api.statusCode).toBe(409)
    expect((await stored(id)).map((r) => r.file_name)).toEqual(['first.pdf'])
  })

  it('an editor removes a file (audited); a file of another publication or an unknown one is not found', async () => {
    const editor = await person('editor')
    const [a, b] = [await publication('draft'), await publication('draft')]
    const onA = await attach(editor, a, file('on-a.pdf', PDF))
    const onB = await attach(editor, b, file('on-b.png', PNG))
    expect((await postForm(t().app, editor, `/workspace/publications/${a}/attachments/${onB.id}/delete`)).statusCode).toBe(404)
    expect((await upload(editor, `/workspace/publications/999999999/attachments`, [file('x.pdf', PDF)])).statusCode).toBe(404)
    const removed = await postForm(t().app, editor, `/fr/workspace/publications/${a}/attachments/${onA.id}/delete`)
    expect(removed.statusCode).toBe(303)
    expect(removed.headers.location).toBe(`/fr/workspace/publications/${a}`)
    expect(await stored(a)).toEqual([])
    expect((await stored(b)).map((r) => r.id)).toEqual([onB.id])
    const audit = await db()
      .selectFrom('audit_log')
      .select(['actor', 'action'])
      .where('subject', '=', 'publication_attachments')
      .where('subject_key', '=', String(a))
      .where('action', '=', 'delete')
      .execute()
    expect(audit).toEqual([{ actor: `user:${editor.id}`, action: 'delete' }])
  })

  it('the write API attaches and removes files with a personal token or a session and its CSRF header', async () => {
    const editor = await person('editor')
    const id = await publication('draft')
    const token = await apiToken(editor)
    const url = `/api/v1/publications/${id}/attachments`
    const made = await upload(null, url, [file('Fictional statement.pdf', PDF)], { headers: { authorization: token } })
    expect(made.statusCode, made.body).toBe(201)
    const info = made.json<{ id: number }>()
    expect(info).toEqual({
      id: info.id,
      publicationId: id,
      fileName: 'Fictional_statement.pdf',
      mediaType: 'application/pdf',
      byteSize: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      pressRoomUrl: `/press-room/files/${info.id}/Fictional_statement.pdf`,
      publicUrl: `/press/files/${info.id}/Fictional_statement.pdf`,
    })
    const bySession = await upload(editor, url, [file('photo.png', PNG)], { csrf: null, headers: { 'x-csrf-token': editor.csrf } })
    expect(bySession.statusCode).toBe(201)
    const wrong = await upload(null, url, [file('page.pdf', Buffer.from('<html></html>'))], { headers: { authorization: token } })
    expect(wrong.statusCode).toBe(422)
    expect(errorOf(wrong)).toMatchObject({ code: 'attachment_refused', details: [{ field: 'file' }] })
    expect(errorOf(wrong).message).toContain('Only PDF, PNG, JPEG and WebP')
    const json = await t().app.inject({ method: 'POST', url, headers: { authorization: token }, payload: { file: 'report.pdf' } })
    expect(json.statusCode).toBe(415)
    expect(errorOf(json).message).toContain('The upload could not be read.')
    const notMultipart = await t().app.inject({ method: 'POST', url, headers: { authorization: token }, payload: {} })
    expect(notMultipart.statusCode).toBe(415)
    const gone = await t().app.inject({ method: 'DELETE', url: `${url}/${info.id}`, headers: { authorization: token } })
    expect(gone.statusCode).toBe(204)
    const again = await t().app.inject({ method: 'DELETE', url: `${url}/${info.id}`, headers: { authorization: token } })
    expect(again.statusCode).toBe(404)
    expect((await stored(id)).map((r) => r.file_name)).toEqual(['photo.png'])
  })

  it('other routes keep refusing multipart bodies', async () => {
    const editor = await person('editor')
    const res = await upload(editor, '/workspace/watchlist/new', [file('a.pdf', PDF)])
    expect(res.statusCode).toBe(415)
  })
})
