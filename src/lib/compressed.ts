import { createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { FastifyReply, FastifyRequest } from 'fastify'

/**
 * A response body kept with its gzip and brotli forms and an ETag, so that a cached page or an
 * asset is compressed once, not on every request (CONVENTIONS.md "Speed by design").
 */
export interface CompressedBody {
  etag: string
  contentType: string
  identity: Buffer
  gzip: Buffer
  br: Buffer
}

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/**
 * `effort` 'max' for files compressed once at start-up; 'fast' for pages compressed on a cache
 * miss, where a visitor waits (brotli 6 is within a few percent of 11 on our pages, many times faster).
 */
export async function compressBody(
  body: string | Buffer,
  contentType: string,
  etag?: string,
  effort: 'max' | 'fast' = 'fast',
): Promise<CompressedBody> {
  const identity = Buffer.isBuffer(body) ? body : Buffer.from(body)
  const quality = effort === 'max' ? constants.BROTLI_MAX_QUALITY : 6
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: effort === 'max' ? 9 : 6 }),
    brotliAsync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
  ])
  return { etag: etag ?? `"${hash(identity)}"`, contentType, identity, gzip: gz, br }
}

export function hash(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('base64url').slice(0, 16)
}

/** Sends the best encoding the client accepts, or 304 when its copy is current. */
export function sendCompressed(request: FastifyRequest, reply: FastifyReply, body: CompressedBody, cacheControl: string): FastifyReply {
  reply.header('ETag', body.etag).header('Cache-Control', cacheControl).header('Vary', 'Accept-Encoding')
  if (etagMatches(request.headers['if-none-match'], body.etag)) return reply.code(304).send()
  const encoding = preferredEncoding(request.headers['accept-encoding'])
  reply.type(body.contentType)
  if (!encoding) return reply.send(body.identity)
  return reply.header('Content-Encoding', encoding).send(encoding === 'br' ? body.br : body.gzip)
}

type Encoding = 'br' | 'gzip' | undefined
/** Clients send a handful of distinct Accept-Encoding values: each is parsed once. */
const encodingOf = new Map<string, Encoding>()

/** br if accepted, else gzip, else none; honours q-values (`br;q=0` refuses brotli). */
export function preferredEncoding(header: string | undefined): Encoding {
  const key = header ?? ''
  let encoding = encodingOf.get(key)
  if (encoding === undefined && !encodingOf.has(key)) {
    encoding = parseEncoding(key)
    if (encodingOf.size >= 256) encodingOf.clear() // unusual values do not grow it without bound
    encodingOf.set(key, encoding)
  }
  return encoding
}

function parseEncoding(header: string): Encoding {
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';')
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='))
    const weight = q ? Number(q.slice(2)) : 1
    weights.set(name, Number.isFinite(weight) ? weight : 0)
  }
  const weightOf = (name: string) => weights.get(name) ?? weights.get('*') ?? 0
  if (weightOf('br') > 0) return 'br'
  if (weightOf('gzip') > 0) return 'gzip'
  return undefined
}

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
