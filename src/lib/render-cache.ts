import type { FastifyReply, FastifyRequest } from 'fastify'
import { compressBody, etagMatches, hash, sendCompressed, type CompressedBody } from './compressed.js'

/**
 * Public pages and API reads change only when content changes. Each is rendered once per
 * (content version, key), kept compressed, and answered with 304 when the client has it.
 * The content version changes when public content does (db/content-version.ts, migration 0011),
 * whichever process made the change, a command-line import included.
 */
export class RenderCache {
  readonly #entries = new Map<string, CompressedBody>()
  /** Renders under way: simultaneous misses of one key share a single render. */
  readonly #pending = new Map<string, Promise<CompressedBody>>()
  #version = -1

  constructor(
    private readonly bootId: string,
    private readonly maxEntries = 500,
  ) {}

  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { version: number; key: string; contentType: string; render: () => Promise<string> | string },
  ): Promise<FastifyReply> {
    if (options.version !== this.#version) {
      this.#entries.clear() // everything rendered before the change is stale
      this.#version = options.version
    }
    const cacheControl = 'public, max-age=60'
    const fullKey = `${options.version}\n${options.key}`
    let entry = this.#entries.get(fullKey)
    // A hit reuses the entry's ETag; only a miss hashes the key.
    const etag = entry?.etag ?? `"${this.bootId}-${options.version}-${hash(options.key)}"`
    if (etagMatches(request.headers['if-none-match'], etag)) {
      return reply.header('ETag', etag).header('Cache-Control', cacheControl).header('Vary', 'Accept-Encoding').code(304).send()
    }
    if (entry) {
      this.#entries.delete(fullKey) // re-inserted below: Map order is our LRU order
    } else {
      let pending = this.#pending.get(fullKey)
      if (!pending) {
        pending = (async () => compressBody(await options.render(), options.contentType, etag))()
        this.#pending.set(fullKey, pending)
        void pending.finally(() => this.#pending.delete(fullKey)).catch(() => undefined)
      }
      entry = await pending
    }
    if (options.version === this.#version) {
      this.#entries.set(fullKey, entry)
      this.#evict()
    }
    return sendCompressed(request, reply, entry, cacheControl)
  }

  get size(): number {
    return this.#entries.size
  }

  #evict(): void {
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value
      if (oldest === undefined) return
      this.#entries.delete(oldest)
    }
  }
}
