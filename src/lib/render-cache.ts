import type { FastifyReply, FastifyRequest } from 'fastify'
import { compressBody, etagMatches, hash, sendCompressed, type CompressedBody } from './compressed.js'

/**
 * Public pages and API reads change only when content changes. Each is rendered once per
 * (content version, key), kept compressed, and answered with 304 when the client has it.
 * The content version is bumped by database triggers on every write (see migration 0001), so
 * a change made by any process, a command-line import included, reaches every instance.
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
    const etag = `"${this.bootId}-${options.version}-${hash(options.key)}"`
    const cacheControl = 'public, max-age=60'
    if (etagMatches(request.headers['if-none-match'], etag)) {
      return reply.header('ETag', etag).header('Cache-Control', cacheControl).header('Vary', 'Accept-Encoding').code(304).send()
    }
    if (options.version !== this.#version) {
      this.#entries.clear() // everything rendered before the change is stale
      this.#version = options.version
    }
    const fullKey = `${options.version}\n${options.key}`
    let entry = this.#entries.get(fullKey)
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
