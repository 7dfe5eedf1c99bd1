import type { FastifyReply, FastifyRequest } from 'fastify'
import { compressBody, etagMatches, hash, sendCompressed, type CompressedBody } from './compressed.js'
import type { MissGate } from './miss-gate.js'

/**
 * Public pages and API reads change only when content changes. Each is rendered once per
 * (content version, key), kept compressed, and answered with 304 when the client has it.
 * The content version changes when public content does (db/content-version.ts, migration 0011),
 * whichever process made the change, a command-line import included.
 *
 * A flood of reads no one else asks for (random searches) must not push the pages everyone reads
 * out of the cache, nor take the process down: an entry first lands in a probation segment and
 * moves to the protected one on its second hit (a segmented LRU), and renders pass through a
 * `MissGate`, which bounds them and sheds the excess with 503 and Retry-After.
 */
export class RenderCache {
  /** Read twice or more: evicted only by other such entries. Map order is the LRU order. */
  readonly #entries = new Map<string, CompressedBody>()
  /** Read once so far. */
  readonly #probation = new Map<string, CompressedBody>()
  /** Renders under way: simultaneous misses of one key share a single render. */
  readonly #pending = new Map<string, Promise<CompressedBody>>()
  #version = -1

  constructor(
    private readonly bootId: string,
    private readonly gate: MissGate,
    private readonly maxEntries = 500,
    private readonly maxProbation = 200,
  ) {}

  async serve(
    request: FastifyRequest,
    reply: FastifyReply,
    options: { version: number; key: string; contentType: string; render: () => Promise<string> | string },
  ): Promise<FastifyReply> {
    if (options.version !== this.#version) {
      this.#entries.clear() // everything rendered before the change is stale
      this.#probation.clear()
      this.#version = options.version
    }
    const cacheControl = 'public, max-age=60'
    const fullKey = `${options.version}\n${options.key}`
    let entry = this.#entries.get(fullKey) ?? this.#probation.get(fullKey)
    // A hit reuses the entry's ETag; only a miss hashes the key.
    const etag = entry?.etag ?? `"${this.bootId}-${options.version}-${hash(options.key)}"`
    if (etagMatches(request.headers['if-none-match'], etag)) {
      return reply.header('ETag', etag).header('Cache-Control', cacheControl).header('Vary', 'Accept-Encoding').code(304).send()
    }
    if (entry) {
      // A second read promotes it; a protected one moves to the recent end.
      this.#probation.delete(fullKey)
      this.#entries.delete(fullKey)
      if (options.version === this.#version) this.#keep(this.#entries, fullKey, entry, this.maxEntries)
    } else {
      let pending = this.#pending.get(fullKey)
      if (!pending) {
        const render = async () => compressBody(await options.render(), options.contentType, etag)
        pending = this.gate.run(request.ip, render)
        this.#pending.set(fullKey, pending)
        void pending.finally(() => this.#pending.delete(fullKey)).catch(() => undefined)
      }
      entry = await pending
      if (options.version === this.#version && !this.#entries.has(fullKey)) this.#keep(this.#probation, fullKey, entry, this.maxProbation)
    }
    return sendCompressed(request, reply, entry, cacheControl)
  }

  get size(): number {
    return this.#entries.size + this.#probation.size
  }

  #keep(segment: Map<string, CompressedBody>, key: string, entry: CompressedBody, max: number): void {
    segment.set(key, entry)
    while (segment.size > max) segment.delete(segment.keys().next().value!)
  }
}
