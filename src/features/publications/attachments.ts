import { createHash } from 'node:crypto'
import type { AttachmentMediaType, PublicationStatus } from '../../db/schema.js'
import { refused, type HttpError } from '../../lib/errors.js'
import type { Locale, MessageKey } from '../../lib/i18n.js'
import { stripImageMetadata } from './image-metadata.js'

/**
 * What may be attached to a publication, decided from the file's bytes (never from its name or
 * the browser's Content-Type), and the names and headers it is stored and served with. Pure.
 */

/**
 * At most 10 MiB per file: enough for a report's PDF or a press photo. Files live in the
 * database (bytea) and are held whole in memory while they are checked and served.
 */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
/** The code of a refused upload or removal: the routes show it on a page of their own. */
export const ATTACHMENT_REFUSED = 'attachment_refused'

/** A file not attached or not removed, and why: a refusal of the field `file` (its message may name the size limit as {size}). */
export function fileRefused(statusCode: number, message: MessageKey): HttpError {
  return refused({ field: 'file', message, params: { size: formatByteSize('en', MAX_ATTACHMENT_BYTES) } }, statusCode, ATTACHMENT_REFUSED)
}

/** The stored name's length (the column allows 1 to 200 characters). */
export const MAX_FILE_NAME_LENGTH = 200

export const MEDIA_TYPES: Record<AttachmentMediaType, { label: string; extensions: [string, ...string[]] }> = {
  'application/pdf': { label: 'PDF', extensions: ['pdf'] },
  'image/png': { label: 'PNG', extensions: ['png'] },
  'image/jpeg': { label: 'JPEG', extensions: ['jpg', 'jpeg'] },
  'image/webp': { label: 'WebP', extensions: ['webp'] },
}

/** The file input's `accept`: a hint for the file chooser only; the bytes decide. */
export const ACCEPTED_EXTENSIONS = Object.values(MEDIA_TYPES)
  .flatMap((m) => m.extensions)
  .map((e) => `.${e}`)
  .join(',')

/** Attachments are added and removed until the publication is published; after that, a correction is needed. */
export function attachmentsEditable(status: PublicationStatus): boolean {
  return status !== 'published' && status !== 'withdrawn'
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]

function startsWith(bytes: Uint8Array, signature: number[], offset = 0): boolean {
  return bytes.length >= offset + signature.length && signature.every((b, i) => bytes[offset + i] === b)
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0))

/** The media type the content itself declares by its signature, or null for anything else (SVG, HTML, text, programs…). */
export function sniffMediaType(bytes: Uint8Array): AttachmentMediaType | null {
  if (startsWith(bytes, ascii('%PDF-'))) return 'application/pdf'
  if (startsWith(bytes, PNG_SIGNATURE)) return 'image/png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg'
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp'
  return null
}

export interface CheckedAttachment {
  fileName: string
  mediaType: AttachmentMediaType
  byteSize: number
  sha256: string
  content: Buffer
}

export interface AttachmentProblem {
  /** 413 for a file over the limit, 422 otherwise. */
  status: 413 | 422
  /** Its text takes {size}: the limit, formatted for the reader. */
  message: MessageKey
}

export type AttachmentCheck = { ok: true; attachment: CheckedAttachment } | { ok: false; problem: AttachmentProblem }

/** Checks an uploaded file: not empty, at most MAX_ATTACHMENT_BYTES, one of the accepted types by content. */
export function checkAttachment(upload: { fileName: string; content: Buffer }): AttachmentCheck {
  const { content } = upload
  if (content.length === 0) return { ok: false, problem: { status: 422, message: 'attachment.problem.empty' } }
  if (content.length > MAX_ATTACHMENT_BYTES) return { ok: false, problem: { status: 413, message: 'attachment.problem.tooLarge' } }
  const mediaType = sniffMediaType(content)
  if (!mediaType) return { ok: false, problem: { status: 422, message: 'attachment.problem.type' } }
  // Where and with what a photo was taken is not for publication (EXIF GPS, device serials).
  const stored = stripImageMetadata(content, mediaType)
  if (!stored) return { ok: false, problem: { status: 422, message: 'attachment.problem.type' } }
  return {
    ok: true,
    attachment: {
      fileName: storedFileName(upload.fileName, mediaType),
      mediaType,
      byteSize: stored.length,
      sha256: createHash('sha256').update(stored).digest('hex'),
      content: stored,
    },
  }
}

/** Anything but letters, combining marks, digits, dot, dash and underscore (so: controls, slashes, quotes, spaces, bidi overrides). */
const UNSAFE_RUN = /[^\p{L}\p{M}\p{N}._-]+/gu
const EDGES = /^[._-]+|[._-]+$/g

/**
 * The name a file is stored and downloaded under: the last path segment, unsafe characters
 * replaced by '_', no leading or trailing dots, at most 200 characters, and an extension that
 * matches the detected type ('report.exe' that is a PDF becomes 'report.pdf'); 'attachment.pdf'
 * when nothing is left.
 */
export function storedFileName(original: string, mediaType: AttachmentMediaType): string {
  const last = original.normalize('NFC').split(/[\\/]/).pop() ?? ''
  const cleaned = last.replace(UNSAFE_RUN, '_').replace(/\.{2,}/g, '.')
  // 'report.v2.1 final' has no extension to replace: only a short run of letters and digits is one.
  const dot = cleaned.lastIndexOf('.')
  const hasExtension = dot >= 0 && /^[\p{L}\p{N}]{1,8}$/u.test(cleaned.slice(dot + 1))
  const stem = hasExtension ? cleaned.slice(0, dot) : cleaned
  const given = hasExtension ? cleaned.slice(dot + 1).toLowerCase() : ''
  const { extensions } = MEDIA_TYPES[mediaType]
  const extension = extensions.includes(given) ? given : extensions[0]
  // Counted in code points (as PostgreSQL's length() does), never splitting a surrogate pair.
  const room = MAX_FILE_NAME_LENGTH - extension.length - 1
  const kept = [...stem.replace(EDGES, '')].slice(0, room).join('').replace(EDGES, '')
  return `${kept || 'attachment'}.${extension}`
}

/**
 * `attachment; filename="<ASCII>"; filename*=UTF-8''<percent-encoded>` (RFC 6266): old clients
 * get an ASCII name, others the real one. Nothing from the name can end the header or the quotes.
 */
export function contentDisposition(disposition: 'attachment' | 'inline', fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\;]/g, '_')
  // A lone surrogate cannot be encoded as UTF-8 (encodeURIComponent would throw).
  const encoded = encodeURIComponent(fileName.replace(/\p{Cs}/gu, '\uFFFD')).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`
}

/** PDFs are downloaded (a browser's PDF viewer does not run under the sandbox policy); images may show inline. */
export function dispositionOf(mediaType: AttachmentMediaType): 'attachment' | 'inline' {
  return mediaType === 'application/pdf' ? 'attachment' : 'inline'
}

export function etagOf(sha256: string): string {
  return `"${sha256}"`
}

const KIB = 1024
const MIB = 1024 * 1024

/** "512 byte", "12 kB", "3.4 MB" in the reader's language (binary multiples). */
export function formatByteSize(locale: Locale, bytes: number): string {
  const format = (value: number, unit: 'byte' | 'kilobyte' | 'megabyte') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit,
      // "67 bytes", not "67 byte": the short form of the byte has no plural in English.
      unitDisplay: unit === 'byte' ? 'long' : 'short',
      maximumFractionDigits: value < 10 ? 1 : 0,
    }).format(value)
  if (bytes < KIB) return format(bytes, 'byte')
  if (bytes < MIB) return format(bytes / KIB, 'kilobyte')
  return format(bytes / MIB, 'megabyte')
}
