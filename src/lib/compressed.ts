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

export async function compressBody(body: string | Buffer, contentType: string, etag?: string): Promise<CompressedBody> {
  const identity = Buffer.isBuffer(body) ? body : Buffer.from(body)
  const [gz, br] = await Promise.all([
    gzipAsync(identity, { level: 9 }),
    brotliAsync(identity, { params: { [constants.BROTLI_PARAM_QUALITY]: 10, [constants.BROTLI_PARAM_SIZE_HINT]: identity.length } }),
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
  const accepted = String(request.headers['accept-encoding'] ?? '')
  const encoding = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined
  reply.type(body.contentType)
  if (!encoding) return reply.send(body.identity)
  return reply.header('Content-Encoding', encoding).send(encoding === 'br' ? body.br : body.gzip)
}

export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false
  return header === '*' || header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag)
}
