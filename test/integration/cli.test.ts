import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createConnection } from 'node:net'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientDatabase } from '../../src/db/database.js'
import { cli } from '../helpers/cli.js'
import { seededDataDir } from '../helpers/databases.js'
import { createCountry } from '../helpers/factories.js'
import { runCli, startServer, type ServerProcess } from '../helpers/processes.js'

/**
 * The command line on the embedded database, with and without `npm start` running: PGlite lets
 * one process open its files, so while the server runs the command goes through its socket. Most
 * commands run in this process (`cli`); a few run as the real `civic-monitor` process (`runCli`)
 * for what only a process shows: exit codes, the server's socket, the data directory's lock. Each
 * data directory starts as a copy of the run's seeded database.
 */
let dir: string
let alone: string
let shared: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cm-cli-'))
  alone = await seededDataDir('cli-alone')
  shared = await seededDataDir('cli-shared')
})
afterAll(() => Promise.all([dir, alone, shared].map((path) => rm(path, { recursive: true, force: true }))))

const csv = (name: string, text: string) => {
  const path = join(dir, name)
  return writeFile(path, text).then(() => path)
}

describe('civic-monitor without a running server', () => {
  const env = () => ({ DATA_DIR: alone })

  it('seeds what is missing and reports it, and a second seed keeps what is there', async () => {
    expect((await cli(['migrate'], env())).stdout).toBe('The schema is up to date.\n')
    const database = await openClientDatabase({ dataDir: alone })
    await database.db.deleteFrom('indicator_values').execute()
    await database.db.deleteFrom('ratings').execute()
    await database.close()
    const seed = await cli(['seed'], env())
    expect(seed.code, seed.stderr).toBe(0)
    expect(seed.stdout).toContain('Countries added: 0.')
    expect(seed.stdout).toContain('Ratings added: 196.')
    expect(seed.stdout).toContain('Indicator values added: fh_cl ')
    const again = await cli(['seed'], env())
    expect(again.stdout).toContain('Countries added: 0.')
    expect(again.stdout).toContain('Ratings already present')
    expect(again.stdout).toContain('Indicator values already present')
  }, 60_000) // the seed loads some 24,000 indicator values

  it('imports all-or-nothing, reporting each bad line with its number', async () => {
    const database = await openClientDatabase({ dataDir: alone })
    const { code } = await createCountry(database.db, { code: 'XQV' })
    await database.close()
    const bad = await csv(
      'bad.csv',
      `country,category,effective_date\n${code},open,2025-01-01\nXQZ,open,2025-01-01\n${code},closed,2025-02-31\n`,
    )
    const result = await cli(['import', 'ratings', bad], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${bad}:3: unknown country "XQZ"`)
    expect(result.stderr).toContain(`${bad}:4: bad date "2025-02-31"`)
    expect(result.stderr).toContain('2 line(s) have errors; nothing was imported')

    const good = await csv('good.csv', `country,category,effective_date,score\n${code},open,2025-01-01,88\n`)
    const ok = await cli(['import', 'ratings', good, '--source', 'Fictional panel'], env())
    expect(ok.stdout).toContain('Imported 1 rating(s)')
    expect(ok.code).toBe(0)
    const check = await openClientDatabase({ dataDir: alone })
    const rows = await check.db.selectFrom('ratings').selectAll().where('country_code', '=', code).execute()
    await check.close()
    expect(rows.map((r) => [r.category, r.score, r.source])).toEqual([['open', 88, 'Fictional panel']])
  })

  it('imports updates and their incidents from CSV, with progress for a large file, and assigns researchers countries', async () => {
    const user = await cli(['user', 'add', '--email', 'fictional.importer@example.org', '--role', 'researcher', '--country', 'NOR'], env())
    expect(user.code).toBe(0)
    expect(
      (await cli(['user', 'add', '--email', 'fictional.other@example.org', '--role', 'editor', '--country', 'NOR'], env())).stderr,
    ).toContain('Countries are only for researchers.')
    const database = await openClientDatabase({ dataDir: alone })
    await database.db.updateTable('users').set({ status: 'active' }).where('email', '=', 'fictional.importer@example.org').execute()
    await database.close()
    const lines = Array.from(
      { length: 1200 },
      (_, i) => `cli-${i},NOR,en,Fictional imported update ${i},,,,,expression,,2025-01-01T00:00:00Z`,
    )
    const updates = await csv(
      'updates.csv',
      `ref,country,language,title,summary,body,period_start,period_end,freedoms,tags,published_at\n${lines.join('\n')}\n`,
    )
    const imported = await cli(['import', 'updates', updates, '--author', 'fictional.importer@example.org'], env())
    expect(imported.stdout, imported.stderr).toContain('Imported 1200 update(s)')
    expect(imported.stderr).toContain('checked 1200 of 1200 lines (100%)')
    const incidents = await csv(
      'incidents.csv',
      'update_ref,date,freedom,type\ncli-1,2024-12-01,expression,censorship\ncli-2,2024-13-01,expression,censorship\n',
    )
    const bad = await cli(['import', 'incidents', incidents], env())
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`${incidents}:3: give the date it happened, not in the future.`)
    expect((await cli(['import', 'updates', updates], env())).code).toBe(2)
  }, 60_000)

  it('explains usage and unreadable files, with exit codes 2 and 1', async () => {
    const usage = await runCli(['frobnicate'], env())
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage: civic-monitor <command>')
    const missing = await runCli(['import', 'ratings', join(dir, 'nope.csv')], env())
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no such file')
    const badConfig = await cli(['migrate'], { ...env(), PORT: 'eighty' })
    expect(badConfig.code).toBe(2)
    expect(badConfig.stderr).toContain('PORT')
    expect((await cli(['--help'], env())).code).toBe(0)
  }, 60_000) // two real processes, each loading Node.js, tsx and the app
})

describe('civic-monitor while npm start holds the embedded database', () => {
  let server: ServerProcess
  const dataDir = () => shared
  beforeAll(async () => {
    server = await startServer({ DATA_DIR: dataDir() })
    const database = await openClientDatabase({ dataDir: dataDir() })
    expect(database.description).toContain('socket')
    await createCountry(database.db, { code: 'XQW', name: 'Fictional Syldavia' })
    await database.close()
  }, 60_000)
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
  })

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

  it('refuses a second server on the same data directory with a clear message', async () => {
    await expect(startServer({ DATA_DIR: dataDir() }, 20_000)).rejects.toThrow(/in use by process \d+/)
  })
})
