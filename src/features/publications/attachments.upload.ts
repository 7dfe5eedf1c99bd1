import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { cookieNames } from '../../lib/auth.js'
import type { HttpError } from '../../lib/errors.js'
import type { MessageKey } from '../../lib/i18n.js'
import { can } from '../../lib/policies.js'
import { findSession } from '../accounts/sessions.js'
import { loadUser } from '../accounts/users.queries.js'
import { fileRefused, MAX_ATTACHMENT_BYTES } from './attachments.js'

/**
 * Reading a multipart/form-data upload (one `file` and the `_csrf` field), for the routes of
 * one encapsulated scope only: everywhere else multipart stays refused (415).
 *
 * Why not @fastify/multipart: it reads the parts in a preValidation hook of the scope (or later,
 * in the handler), and Fastify runs the app's own preValidation hook first: the one in
 * lib/auth.ts that checks the CSRF token in `request.body._csrf`. A plain HTML form (no
 * JavaScript, so no X-CSRF-Token header) would then always be refused. This parser runs where
 * content-type parsers run, before that hook, so the check sees the form's `_csrf` field; the
 * file waits aside (never in the body) until the route handler takes it, after the check.
 *
 * The parts are read by the platform's own parser (Response.formData(), undici) from a body
 * capped at MAX_ATTACHMENT_BYTES + 64 KiB; a longer body is cut off and refused (413).
 */
export const MAX_UPLOAD_BODY = MAX_ATTACHMENT_BYTES + 64 * 1024
const MAX_PARTS = 4

export interface Upload {
  fileName: string
  content: Buffer
}

export type UploadResult = { ok: true; upload: Upload } | { ok: false; message: MessageKey }

const received = new WeakMap<FastifyRequest, UploadResult>()

/** The upload read for this request; undefined when it was not multipart (or not read: see mayUpload). */
export function uploadOf(request: FastifyRequest): UploadResult | undefined {
  return received.get(request)
}

export function registerUploadParser(scope: FastifyInstance, deps: AppDeps): void {
  const sessionCookie = cookieNames(deps.config.publicUrl).session

  /**
   * Whether the body is worth reading: only for someone who may upload. Anyone else's body is
   * left unread (up to 10 MiB each would be a cheap way to fill memory), and lib/auth.ts then
   * refuses them as usual (401, sign-in redirect, 403). This is not the permission check.
   */
  const mayUpload = async (request: FastifyRequest): Promise<boolean> => {
    if (request.via === 'token') return can(request.user, 'publication:write')
    const token = request.cookies[sessionCookie]
    if (!token) return false
    const session = await findSession(deps.db, token, deps.clock())
    const user = session && (await loadUser(deps.db, session.userId))
    return !!user && can(user, 'publication:write')
  }

  scope.addContentTypeParser('multipart/form-data', async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
    if (!(await mayUpload(request))) return {}
    const body = await readCapped(payload, request.headers['content-length'], MAX_UPLOAD_BODY)
    const { csrf, result } = await readParts(body, String(request.headers['content-type']))
    received.set(request, result)
    return csrf === undefined ? {} : { _csrf: csrf }
  })
}

function tooLarge(): HttpError {
  return fileRefused(413, 'attachment.problem.tooLarge')
}

/** The whole body, or a 413 as soon as it passes `limit` (the rest is not kept). */
function readCapped(payload: NodeJS.ReadableStream, declared: string | undefined, limit: number): Promise<Buffer<ArrayBuffer>> {
  if (Number(declared) > limit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      payload.removeListener('data', onData)
      payload.removeListener('end', onEnd)
      payload.removeListener('error', onError)
    }
    const onData = (chunk: Buffer | string) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
      size += bytes.length
      if (size > limit) {
        stop()
        reject(tooLarge())
        return
      }
      chunks.push(bytes)
    }
    const onEnd = () => {
      stop()
      resolve(Buffer.concat(chunks, size))
    }
    const onError = (error: Error) => {
      stop()
      reject(error)
    }
    payload.on('data', onData)
    payload.on('end', onEnd)
    payload.on('error', onError)
  })
}

async function readParts(body: Buffer<ArrayBuffer>, contentType: string): Promise<{ csrf?: string; result: UploadResult }> {
  let form: FormData
  try {
    form = await new Response(body, { headers: { 'content-type': contentType } }).formData()
  } catch {
    throw fileRefused(400, 'attachment.problem.form')
  }
  let csrf: string | undefined
  let file: File | undefined
  let unexpected = false
  let parts = 0
  for (const [name, value] of form) {
    parts += 1
    if (name === '_csrf' && typeof value === 'string' && csrf === undefined) csrf = value
    else if (name === 'file' && typeof value !== 'string' && file === undefined) file = value
    else unexpected = true
  }
  if (unexpected || parts > MAX_PARTS) return { csrf, result: { ok: false, message: 'attachment.problem.form' } }
  // A form sent with no file chosen has a file part with no name and no content.
  if (!file || (file.name === '' && file.size === 0)) return { csrf, result: { ok: false, message: 'attachment.problem.missing' } }
  return { csrf, result: { ok: true, upload: { fileName: file.name, content: Buffer.from(await file.arrayBuffer()) } } }
}
