import { Type } from '@sinclair/typebox'
import { etagMatches } from '../../lib/compressed.js'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { Actor } from '../../db/audit.js'
import { ErrorResponse, HttpError, notFound, type FormProblem } from '../../lib/errors.js'
import { localeOfUrl, localePrefix } from '../../lib/i18n.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import { sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import {
  ATTACHMENT_REFUSED,
  attachmentsEditable,
  checkAttachment,
  contentDisposition,
  dispositionOf,
  fileRefused,
  etagOf,
  formatByteSize,
  MAX_ATTACHMENT_BYTES,
} from './attachments.js'
import { attachmentContent, attachmentUrl, loadServedAttachment, publicationStatus } from './attachments.queries.js'
import { addAttachment, removeAttachment, type StoredAttachment } from './attachments.service.js'
import { registerUploadParser, uploadOf } from './attachments.upload.js'
import { AttachmentProblemPage } from './attachments.views.js'
import { publicationIdByRef } from './publications.queries.js'

/**
 * A publication's files (PDF, PNG, JPEG, WebP): added and removed by editors until the
 * publication is published (forms on the editor page and the write API), served to everyone
 * once it is published (/press/files) and to the press room before (/press-room/files).
 */
const Id = Type.String({ pattern: '^[0-9]{1,15}$' })
const Params = Type.Object({ id: Id })
const FileParams = Type.Object({ id: Id, attachmentId: Id })
// The API names a publication as GET /api/v1/publications/{slug} does: by a slug, or by its number.
const Ref = Type.String({
  pattern: '^[a-z0-9]+(-[a-z0-9]+)*$',
  maxLength: 120,
  description: 'One of the publication’s slugs, or its number',
})
const RefParams = Type.Object({ slug: Ref })
const RefFileParams = Type.Object({ slug: Ref, attachmentId: Id })
const ServeParams = Type.Object({ id: Id, name: Type.String({ minLength: 1, maxLength: 200 }) })
// The multipart body as the auth hook and the schema see it: the file itself waits aside
// (attachments.upload.ts), so `file` is here for the API's documentation.
const UploadBody = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 200 })),
    file: Type.Optional(Type.String({ format: 'binary', description: 'One PDF, PNG, JPEG or WebP file, at most 10 MB' })),
  },
  { additionalProperties: false },
)
const DeleteBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false })
const Attachment = Type.Object({
  id: Type.Integer(),
  publicationId: Type.Integer(),
  fileName: Type.String(),
  mediaType: Type.String(),
  byteSize: Type.Integer(),
  sha256: Type.String(),
  pressRoomUrl: Type.String({ description: 'Served to the press room (and to editors while a draft)' }),
  publicUrl: Type.String({ description: 'Served to everyone once the publication is published' }),
})
const errors = Object.fromEntries([400, 401, 403, 404, 409, 413, 415, 422].map((code) => [code, ErrorResponse]))

function presentAttachment(a: StoredAttachment) {
  return { ...a, pressRoomUrl: attachmentUrl('press', a), publicUrl: attachmentUrl('public', a) }
}

const acceptsJson = (request: FastifyRequest) => /\bapplication\/json\b/.test(request.headers.accept ?? '')
const actor = (request: FastifyRequest): Actor => ({ name: `user:${request.user!.id}`, ip: request.ip })

/** A refused upload or removal (not a missing publication or file): the problem page, or JSON, shows it. */
const refusal = (error: unknown) => (error instanceof HttpError && error.code === ATTACHMENT_REFUSED ? error.problem : undefined)

export function registerAttachments(app: FastifyInstance, deps: AppDeps): void {
  registerDownloads(app, deps)
  // Encapsulated: the multipart parser and the problem pages belong to these routes only.
  void app.register((scope, _options, done) => {
    registerUploadParser(scope, deps)
    scope.setErrorHandler((error: FastifyError, request, reply) => {
      // Everything else goes to the app's one error handler.
      const problem = refusal(error)
      if (!problem) throw error
      return showProblem(deps, request, reply, error as HttpError, problem)
    })
    registerWrites(scope, deps)
    done()
  })
}

function showProblem(deps: AppDeps, request: FastifyRequest, reply: FastifyReply, error: HttpError, problem: FormProblem) {
  reply.code(error.statusCode).header('Cache-Control', 'no-store')
  if (request.url.startsWith('/api/') || acceptsJson(request)) {
    // The API has always named the field of a refused file in `details`, as a 422 names its fields.
    return reply.send({ error: { code: error.code, message: error.message, details: [{ field: problem.field, message: error.message }] } })
  }
  const locale = localeOfUrl(request.url)
  const id = /^[0-9]{1,15}$/.exec((request.params as { id?: string }).id ?? '')?.[0]
  // The page belongs to the publication's editor page (its language links lead there, not to a POST address).
  const editorPath = `/workspace/publications${id ? `/${id}` : ''}`
  const ctx = pageContext(locale, editorPath, deps.assets, deps.config.publicUrl)
  const message = ctx.t(problem.message, { size: formatByteSize(locale, MAX_ATTACHMENT_BYTES) })
  return sendPrivatePage(reply, error.statusCode, h(AttachmentProblemPage, { ctx, message, back: localePrefix(locale) + editorPath }))
}

function registerWrites(scope: FastifyInstance, deps: AppDeps): void {
  const policy = { policy: 'publication:write' as const }

  /** load → check the upload → store: the same for the form and the API. */
  const upload = async (request: FastifyRequest, publicationId: number): Promise<StoredAttachment> => {
    const status = await publicationStatus(deps.db, publicationId)
    if (!status) throw notFound('publication')
    if (!attachmentsEditable(status)) throw fileRefused(409, 'attachment.problem.published')
    const received = uploadOf(request)
    if (!received) throw fileRefused(415, 'attachment.problem.form')
    if (!received.ok) throw fileRefused(422, received.message)
    const checked = checkAttachment(received.upload)
    if (!checked.ok) throw fileRefused(checked.problem.status, checked.problem.message)
    return addAttachment(deps.db, actor(request), publicationId, checked.attachment)
  }
  const remove = (request: FastifyRequest, publicationId: number, attachmentId: number): Promise<void> =>
    removeAttachment(deps.db, actor(request), publicationId, attachmentId)

  for (const { locale, url } of localizedRoutes('/workspace/publications')) {
    const editor = (id: string) => `${localePrefix(locale)}/workspace/publications/${id}`
    scope.post<{ Params: { id: string } }>(
      `${url}/:id/attachments`,
      { config: policy, schema: { hide: true, params: Params, body: UploadBody } },
      async (request, reply) => {
        const stored = await upload(request, Number(request.params.id))
        if (acceptsJson(request)) return reply.code(201).send(presentAttachment(stored))
        return reply.redirect(editor(request.params.id), 303)
      },
    )
    scope.post<{ Params: { id: string; attachmentId: string } }>(
      `${url}/:id/attachments/:attachmentId/delete`,
      { config: policy, schema: { hide: true, params: FileParams, body: DeleteBody } },
      async (request, reply) => {
        await remove(request, Number(request.params.id), Number(request.params.attachmentId))
        if (acceptsJson(request)) return reply.send({ deleted: Number(request.params.attachmentId) })
        return reply.redirect(editor(request.params.id), 303)
      },
    )
  }

  const target = async (slug: string) => {
    const id = await publicationIdByRef(deps.db, slug)
    if (id === null) throw notFound('publication')
    return id
  }

  scope.post<{ Params: { slug: string } }>(
    '/api/v1/publications/:slug/attachments',
    {
      config: policy,
      schema: {
        summary: 'Attach a file (PDF, PNG, JPEG or WebP, at most 10 MB) to a publication that is not yet published',
        description:
          'multipart/form-data with one part `file` (the type is decided from the content, not the name). With a session, send the CSRF token as `_csrf` or X-CSRF-Token; with an API token, no CSRF token.',
        tags: ['publications (writing)'],
        consumes: ['multipart/form-data'],
        params: RefParams,
        body: UploadBody,
        response: { 201: Attachment, ...errors },
      },
    },
    async (request, reply) => reply.code(201).send(presentAttachment(await upload(request, await target(request.params.slug)))),
  )

  scope.delete<{ Params: { slug: string; attachmentId: string } }>(
    '/api/v1/publications/:slug/attachments/:attachmentId',
    {
      config: policy,
      schema: {
        summary: 'Remove a file from a publication that is not yet published',
        tags: ['publications (writing)'],
        params: RefFileParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await remove(request, await target(request.params.slug), Number(request.params.attachmentId))
      return reply.code(204).send()
    },
  )
}

type Audience = 'public' | 'press'

/** Who sees a file: everyone once published (withdrawn too: it keeps its page); the press room from scheduled on; editors always (to preview drafts). */
function mayServe(audience: Audience, status: string, user: CurrentUser | null): boolean {
  if (status === 'published' || status === 'withdrawn') return true
  if (audience === 'public') return false
  return status === 'scheduled' || can(user, 'publication:write')
}

function registerDownloads(app: FastifyInstance, deps: AppDeps): void {
  const serve = async (audience: Audience, request: FastifyRequest<{ Params: { id: string; name: string } }>, reply: FastifyReply) => {
    const file = await loadServedAttachment(deps.db, Number(request.params.id))
    // Unknown, not visible to this reader, or under another name: the same 404.
    if (!file || file.fileName !== request.params.name || !mayServe(audience, file.status, request.user)) throw notFound('file')
    reply
      .type(file.mediaType)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', contentDisposition(dispositionOf(file.mediaType), file.fileName))
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .header('Cross-Origin-Resource-Policy', 'same-origin')
    if (audience === 'press') reply.header('Cache-Control', 'private, no-store')
    else {
      // A file's bytes never change under its id (it is removed, not replaced), so its hash is its ETag.
      const etag = etagOf(file.sha256)
      reply.header('Cache-Control', 'public, max-age=3600').header('ETag', etag)
      if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send()
    }
    const content = await attachmentContent(deps.db, file.id)
    if (!content) throw notFound('file')
    return reply.send(content)
  }
  const schema = { hide: true, params: ServeParams }
  app.get<{ Params: { id: string; name: string } }>('/press/files/:id/:name', { config: { policy: 'public' }, schema }, (request, reply) =>
    serve('public', request, reply),
  )
  app.get<{ Params: { id: string; name: string } }>(
    '/press-room/files/:id/:name',
    { config: { policy: 'press:embargoed' }, schema },
    (request, reply) => serve('press', request, reply),
  )
}
