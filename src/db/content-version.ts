import type { Kysely } from 'kysely'
import type { DB } from './schema.js'

/** What the version needs of a database (database.ts provides it). */
export interface VersionSource {
  db: Kysely<DB>
  /** Statements through `db` that may have written, so far (writes.ts). */
  writes(): number
  /** Calls `onMessage` with each notification's payload on `channel`; resolves to an unlisten. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>
}

/** Checked this often even when no notification comes: a missed one costs at most this long. */
const POLL_MS = 1000

/**
 * The version of public content (migration 0011: it changes only when something public does),
 * held in memory so that a cached read touches no database. It learns of a change:
 * - made by this process, at once: after any write through this process's connection, the next
 *   read takes the version from the database again;
 * - made by another instance or a command, from PostgreSQL's `NOTIFY content_version` (PGlite
 *   delivers it too, for changes through the server's socket), within milliseconds;
 * - if a notification is missed (a connection lost and made again), from a check every second.
 */
export class ContentVersion {
  #version = 0
  #writesSeen = -1
  #reading: { writes: number; promise: Promise<number> } | undefined
  #timer: NodeJS.Timeout | undefined
  #unlisten: (() => Promise<void>) | undefined

  private constructor(private readonly source: VersionSource) {}

  static async watch(
    source: VersionSource,
    options: { pollMs?: number; onError?: (error: unknown) => void } = {},
  ): Promise<ContentVersion> {
    const version = new ContentVersion(source)
    version.#unlisten = await source.listen('content_version', (payload) => version.#seen(Number(payload)))
    await version.#read()
    const onError = options.onError ?? (() => undefined)
    version.#timer = setInterval(() => void version.#read().catch(onError), options.pollMs ?? POLL_MS).unref()
    return version
  }

  /** The version: from memory, unless this process wrote since it last read it. */
  current(): number | Promise<number> {
    const writes = this.source.writes()
    return writes === this.#writesSeen ? this.#version : this.#read(writes)
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer)
    await this.#unlisten?.().catch(() => undefined) // the database may be closed already
  }

  /** Reads the version after `writes` writes; callers that saw as many share one read. */
  #read(writes = this.source.writes()): Promise<number> {
    if (this.#reading?.writes === writes) return this.#reading.promise
    const promise: Promise<number> = this.#fetch(writes).finally(() => {
      if (this.#reading?.promise === promise) this.#reading = undefined
    })
    this.#reading = { writes, promise }
    return promise
  }

  async #fetch(writes: number): Promise<number> {
    const row = await this.source.db.selectFrom('content_version').select('version').where('id', '=', 1).executeTakeFirstOrThrow()
    this.#seen(Number(row.version))
    this.#writesSeen = Math.max(this.#writesSeen, writes)
    return this.#version
  }

  #seen(version: number): void {
    if (Number.isFinite(version) && version > this.#version) this.#version = version
  }
}
