import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { createConnection } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientDatabase } from '../../src/db/database.js'
import { cli } from '../helpers/cli.js'
import { seededDataDir } from '../helpers/databases.js'
import { createCountry } from '../helpers/factories.js'
import { runCli, startServer, type ServerProcess } from '../helpers/processes.js'
import { useTempFolder } from '../helpers/temp-files.js'

/**
 * The command line while `npm start` holds the embedded database: PGlite lets one process open
 * its files, so the command goes through the server's socket. The server is a real process on a
 * copy of the run's seeded database; one import runs as the real `civic-monitor` process.
 */
const { write: csv } = useTempFolder('cm-cli-socket-')
let shared: string
beforeAll(async () => {
  shared = await seededDataDir('cli-shared')
})
afterAll(() => rm(shared, { recursive: true, force: true }))

describe('civic-monitor while npm start holds the embedded database', () => {
  let server: ServerProcess
  const dataDir = () => shared
  beforeAll(async () => {
    server = await startServer({ DATA_DIR: dataDir() })
    const database = await openClientDatabase({ dataDir: dataDir() })
    expect(database.description).toContain('socket')
    await createCountry(database.db, { code: 'XQW', name: 'Fictional Syldavia' })
    await database.close()
  }, 90_000)
  afterAll(async () => {
    // A command still connected must not hold up the shutdown.
    const idle = new pg.Client({ host: dataDir(), port: 5432, user: 'postgres', database: 'postgres' })
    idle.on('error', () => undefined)
    await idle.connect()
    const started = Date.now()
    expect(await server.stop()).toBe(0)
    expect(Date.now() - started).toBeLessThan(5_000)
    expect(existsSync(join(dataDir(), 'pglite.lock'))).toBe(false)
  })

  it('imports through the server socket, and the site shows it at once', async () => {
    const bad = await csv('bad2.csv', 'country,category,effective_date\nXQW,open,not-a-date\n')
    expect((await cli(['import', 'ratings', bad], { DATA_DIR: dataDir() })).code).toBe(1)

    const file = await csv('syldavia.csv', 'country,category,effective_date,score\nXQW,repressed,2025-06-01,33\n')
    const requests = Array.from({ length: 20 }, () => fetch(`${server.url}/api/v1/ratings?date=2025-06-01`).then((r) => r.status))
    const result = await runCli(['import', 'ratings', file], { DATA_DIR: dataDir() })
    expect(result.stdout).toContain('Imported 1 rating(s)')
    expect(await Promise.all(requests)).toEqual(Array(20).fill(200))
    const api = (await (await fetch(`${server.url}/api/v1/countries/XQW`)).json()) as { rating: { category: string; score: number } }
    expect(api.rating).toMatchObject({ category: 'repressed', score: 33 })
    const page = await (await fetch(`${server.url}/countries/fictional-syldavia`)).text()
    expect(page).toContain('Repressed')
  }, 60_000) // a command process and 20 pages on a loaded machine: several times the quiet 2 s

  it('keeps socket clients isolated: a reader waits for an open transaction instead of seeing it', async () => {
    const client = () => new pg.Client({ host: dataDir(), port: 5432, user: 'postgres', database: 'postgres' })
    const writer = client()
    const reader = client()
    await writer.connect()
    await reader.connect()
    try {
      await writer.query('begin')
      await writer.query("update countries set population = 4242 where code = 'XQW'")
      let seen: number | undefined
      const read = reader
        .query<{ population: number }>("select population from countries where code = 'XQW'")
        .then((r) => (seen = Number(r.rows[0]?.population)))
      const api = fetch(`${server.url}/api/v1/countries/XQW`).then(
        async (r) => ((await r.json()) as { population: { value: number } }).population.value,
      )
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect(seen).toBeUndefined() // blocked behind the writer's transaction
      await writer.query('rollback')
      await read
      expect(seen).toBe(1000)
      expect(await api).toBe(1000)
    } finally {
      await writer.end()
      await reader.end()
    }
  })

  it('serves a client that reads a result in pages (Execute with a row limit, then Flush) while the site is busy', async () => {
    const client = new pg.Client({ host: dataDir(), port: 5432, user: 'postgres', database: 'postgres' })
    await client.connect()
    try {
      const site = Array.from({ length: 10 }, () => fetch(`${server.url}/api/v1/countries/XQW`).then((r) => r.status))
      const paged = await client.query({
        text: 'select code from countries where code > $1 order by code',
        values: ['A'],
        rows: 25,
      } as pg.QueryConfig)
      expect(paged.rows).toHaveLength(198) // the 197 seeded and the fictional one
      expect(await Promise.all(site)).toEqual(Array(10).fill(200))
      expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }])
    } finally {
      await client.end()
    }
  })

  it('rolls back and frees the database when a client vanishes mid-transaction', async () => {
    const quitter = new pg.Client({ host: dataDir(), port: 5432, user: 'postgres', database: 'postgres' })
    quitter.on('error', () => undefined) // the abrupt end below is the point of the test
    await quitter.connect()
    await quitter.query('begin')
    await quitter.query("update countries set population = 1 where code = 'XQW'")
    ;(quitter as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy()
    const res = await fetch(`${server.url}/api/v1/countries/XQW`)
    expect(((await res.json()) as { population: { value: number } }).population.value).toBe(1000)
  })

  it('drops a client that sends malformed messages, and keeps serving everyone else', async () => {
    /** Resolves true when the server hangs up on us, false when it keeps listening. */
    const send = (bytes: Buffer) =>
      new Promise<boolean>((resolve) => {
        const socket = createConnection(join(dataDir(), '.s.PGSQL.5432'))
        socket.on('connect', () => socket.write(bytes))
        socket.on('data', () => undefined)
        socket.on('error', () => undefined)
        socket.on('close', () => resolve(true))
        socket.setTimeout(5_000, () => {
          socket.removeAllListeners('close')
          socket.destroy()
          resolve(false)
        })
      })
    const startup = Buffer.from('\0\0\0\0\0\x03\0\0user\0postgres\0database\0postgres\0\0', 'binary')
    startup.writeInt32BE(startup.length, 0)
    expect(await send(Buffer.from([0, 0, 0, 4, 0, 3, 0, 0]))).toBe(true) // a start-up message claiming 4 bytes: too short for its own header
    expect(await send(Buffer.concat([startup, Buffer.from([0x51, 0xff, 0xff, 0xff, 0xff])]))).toBe(true) // Query with length -1
    expect((await fetch(`${server.url}/health`)).status).toBe(200)
    const api = (await (await fetch(`${server.url}/api/v1/countries/XQW`)).json()) as { code: string }
    expect(api.code).toBe('XQW')
  })

  /** A large result, its row count and checksums, computed in SQL to compare with what arrives. */
  const LARGE = `select g as id, repeat(chr(1040 + g % 32), g % 61) as t from generate_series(1, 120000) g`
  const LARGE_SUMS = `select count(*)::int as rows, sum(id)::float8 as ids, sum(length(t))::int as chars from (${LARGE}) r`
  const sums = (rows: { id: number; t: string }[]) => ({
    rows: rows.length,
    ids: rows.reduce((sum, r) => sum + r.id, 0),
    chars: rows.reduce((sum, r) => sum + r.t.length, 0),
  })
  const socketClient = () => new pg.Client({ host: dataDir(), port: 5432, user: 'postgres', database: 'postgres' })

  it('delivers a result of 120,000 rows intact, to a fast reader and to one that stops reading for a second', async () => {
    const client = socketClient()
    await client.connect()
    try {
      const expected = (await client.query<{ rows: number; ids: number; chars: number }>(LARGE_SUMS)).rows[0]
      expect(expected?.rows).toBe(120_000)
      expect(sums((await client.query<{ id: number; t: string }>(LARGE)).rows)).toEqual(expected)

      const stream = (client as unknown as { connection: { stream: { pause(): void; resume(): void } } }).connection.stream
      const slow = client.query<{ id: number; t: string }>(LARGE)
      stream.pause()
      await new Promise((resolve) => setTimeout(resolve, 1_000))
      // The site is not held up by the reader that stopped: its result is out of the database already.
      expect((await fetch(`${server.url}/api/v1/countries/XQW`)).status).toBe(200)
      stream.resume()
      expect(sums((await slow).rows)).toEqual(expected)
      expect((await client.query('select 1 as ok')).rows).toEqual([{ ok: 1 }])
    } finally {
      await client.end()
    }
  }, 45_000)

  it('imports a one-row ratings file while the ratings table holds 20,000 more rows (the import reads them all)', async () => {
    const database = await openClientDatabase({ dataDir: dataDir() })
    await createCountry(database.db, { code: 'XQH', name: 'Fictional Ruritania' })
    await database.close()
    const client = socketClient()
    await client.connect()
    // Left in place: no other test reads this country, and each row is audited (deleting costs as much again).
    await client.query(`insert into ratings (country_code, category, score, effective_date, source)
      select 'XQH', 'open', 90, date '1900-01-01' + g, 'Fictional history' from generate_series(1, 20000) g`)
    await client.end()
    const file = await csv('one-row.csv', 'country,category,effective_date,score\nXQH,narrowed,2025-06-02,70\n')
    const result = await cli(['import', 'ratings', file], { DATA_DIR: dataDir() })
    expect(result.stdout, result.stderr).toContain('Imported 1 rating(s)')
    expect(result.code).toBe(0)
  }, 25_000) // under the 30 s stall this once caused, even on a loaded machine

  it('says in one line, with exit code 3, that an import lost the server mid-way and that nothing was imported', async () => {
    const author = 'fictional.socket.importer@example.org'
    expect((await cli(['user', 'add', '--email', author, '--role', 'researcher'], { DATA_DIR: dataDir() })).code).toBe(0)
    const client = socketClient()
    await client.connect()
    await client.query(`update users set status = 'active' where email = $1`, [author])
    await client.end()
    const lines = Array.from({ length: 1000 }, (_, i) => `lost-${i},XQW,en,Fictional lost update ${i},,,,,expression,,2025-01-01T00:00:00Z`)
    const header = 'ref,country,language,title,summary,body,period_start,period_end,freedoms,tags,published_at'
    const file = await csv('lost.csv', `${header}\n${lines.join('\n')}\n`)

    let killed: Promise<unknown> | undefined
    const result = await runCli(['import', 'updates', file, '--author', author], { DATA_DIR: dataDir() }, (stderr) => {
      // Every line checked: the import is writing now, in its one transaction. Kill the server.
      if (!stderr.includes('(100%)') || killed) return
      const { child } = server
      killed = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGKILL')
    })
    expect(killed, 'the server was killed while the import ran').toBeDefined()
    await killed
    server = await startServer({ DATA_DIR: dataDir() })

    const report = result.stderr.split('\n').filter((line) => line && !line.startsWith('checked '))
    expect(report).toEqual([expect.stringMatching(/^Lost the connection to the database .*: nothing was imported \(/)])
    expect(result.code).toBe(3)
    const after = socketClient()
    await after.connect()
    const left = await after.query<{ n: number }>(`select count(*)::int as n from updates where import_ref like 'lost-%'`)
    await after.end()
    expect(left.rows).toEqual([{ n: 0 }])
  }, 60_000)

  it('refuses a second server on the same data directory with a clear message', async () => {
    await expect(startServer({ DATA_DIR: dataDir() }, 30_000)).rejects.toThrow(/in use by process \d+/)
  }, 45_000)
})
