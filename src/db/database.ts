import { mkdir } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { Kysely } from 'kysely'
import pg from 'pg'
import { startCheckpoints, type CheckpointLog } from './checkpoints.js'
import { CommitWatchingDialect } from './connection-lost.js'
import { acquireDataDirLock } from './lock.js'
import { Mutex } from './mutex.js'
import { PgliteDialect } from './pglite-driver.js'
import { startSocketServer } from './pglite-socket-server.js'
import { WriteCounter } from './writes.js'
import type { DB } from './schema.js'
import { pgliteParsers, pgTypes } from './types.js'

export type DatabaseKind = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  kind: DatabaseKind
  /** How this process reached the data, for logs: a URL without password, a directory, a socket. */
  description: string
  /**
   * True once a connection to a database server broke while a COMMIT awaited its answer: that
   * transaction may or may not have been written (always false in process).
   */
  commitInDoubt(): boolean
  /** Statements through `db` that may have written, so far (writes.ts). */
  writes(): number
  /** Calls `onMessage` with the payload of each `NOTIFY` on `channel`; resolves to an unlisten. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>
  close(): Promise<void>
}

/**
 * The web server: a PostgreSQL server, or the embedded database plus its local socket and the
 * checkpoints that PGlite's single-user PostgreSQL does not make by itself (checkpoints.ts).
 */
export async function openServerDatabase(options: { databaseUrl?: string; dataDir: string }, log: CheckpointLog): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl)
  const embedded = await openEmbedded(options.dataDir)
  const server = await startSocketServer(embedded.pglite, embedded.mutex, socketPath(options.dataDir))
  const stopCheckpoints = startCheckpoints(embedded.pglite, embedded.mutex, log)
  return {
    ...embedded.database,
    async close() {
      const checkpointsStopped = stopCheckpoints() // a check waiting for a socket client ends when the socket closes
      await server.close()
      await checkpointsStopped
      await embedded.database.close()
    },
  }
}

/** A command: a PostgreSQL server, the running web server's socket, or the embedded files. */
export async function openClientDatabase(options: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl)
  if (await socketAnswers(socketPath(options.dataDir))) {
    const database = openPostgresPool(
      new pg.Pool({ host: options.dataDir, port: 5432, user: 'postgres', database: 'postgres', max: 1, types: pgTypes }),
    )
    return { ...database, kind: 'pglite', description: `the running server's socket in ${options.dataDir}` }
  }
  return (await openEmbedded(options.dataDir)).database
}

/**
 * An embedded database in memory (tests, benchmarks), optionally started from a dumped data
 * directory. `sharedBuffers` sizes PostgreSQL's buffer pool (128MB by default): its data is in
 * memory already, and setting up a smaller pool takes a third of the time to start.
 */
export async function openMemoryDatabase(
  loadDataDir?: Blob,
  options: { sharedBuffers?: string } = {},
): Promise<Database & { dump(): Promise<Blob> }> {
  const startParams = options.sharedBuffers ? [...PGlite.defaultStartParams, '-c', `shared_buffers=${options.sharedBuffers}`] : undefined
  const pglite = await PGlite.create({ parsers: pgliteParsers, loadDataDir, startParams })
  return { ...wrapPglite(pglite, 'memory'), dump: () => pglite.dumpDataDir('none') }
}

export function openPostgres(url: string): Database {
  return openPostgresPool(new pg.Pool({ connectionString: url, max: 10, types: pgTypes }))
}

function openPostgresPool(pool: pg.Pool): Database {
  // A connection that breaks fails the query using it, which is where it is reported; without
  // these listeners node-postgres also emits the error as an event nobody handles, which ends the
  // process with a stack trace (a checked-out client's own event, an idle client's on the pool).
  pool.on('connect', (client) => client.on('error', () => undefined))
  pool.on('error', () => undefined)
  const dialect = new CommitWatchingDialect({ pool })
  const writes = new WriteCounter()
  const db = new Kysely<DB>({ dialect, plugins: [writes] })
  const { host, port, database } = pool.options
  const listeners = new Set<pg.PoolClient>()
  return {
    db,
    kind: 'postgres',
    description: `postgres ${host ?? ''}:${port ?? ''}/${database ?? ''}`,
    commitInDoubt: () => dialect.commitInDoubt,
    writes: () => writes.count,
    async listen(channel, onMessage) {
      // A connection of its own, held while listening (a pooled one would be handed to queries).
      const client = await pool.connect()
      listeners.add(client)
      client.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '')
      })
      await client.query(`listen ${pg.escapeIdentifier(channel)}`)
      return async () => {
        if (!listeners.delete(client)) return
        await client.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined)
        client.release()
      }
    },
    async close() {
      for (const client of listeners) client.release(true)
      listeners.clear()
      await db.destroy()
    },
  }
}

async function openEmbedded(dataDir: string) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 })
  const unlock = await acquireDataDirLock(dataDir)
  try {
    const pglite = await PGlite.create({ dataDir: join(dataDir, 'pgdata'), parsers: pgliteParsers })
    const mutex = new Mutex()
    const database = wrapPglite(pglite, dataDir, mutex)
    return { pglite, mutex, database: { ...database, close: () => database.close().finally(unlock) } }
  } catch (error) {
    await unlock()
    throw error
  }
}

function wrapPglite(pglite: PGlite, where: string, mutex = new Mutex()): Database {
  const writes = new WriteCounter()
  const db = new Kysely<DB>({ dialect: new PgliteDialect(pglite, mutex), plugins: [writes] })
  return {
    db,
    kind: 'pglite',
    description: `embedded PGlite (${where})`,
    commitInDoubt: () => false,
    writes: () => writes.count,
    // PGlite delivers a NOTIFY from any statement it runs, the socket server's clients' included.
    async listen(channel, onMessage) {
      const release = await mutex.lock() // not in the middle of a socket client's transaction
      try {
        return await pglite.listen(channel, onMessage)
      } finally {
        release()
      }
    },
    async close() {
      await db.destroy()
      await pglite.close()
    },
  }
}

export function socketPath(dataDir: string): string {
  const path = join(dataDir, '.s.PGSQL.5432')
  // Unix socket paths are limited to about 107 bytes.
  if (Buffer.byteLength(path) > 100) throw new Error(`DATA_DIR is too long for a local socket (${path}); choose a shorter path`)
  return path
}

function socketAnswers(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createConnection(path)
    probe.once('connect', () => {
      probe.destroy()
      resolve(true)
    })
    probe.once('error', () => resolve(false))
  })
}
