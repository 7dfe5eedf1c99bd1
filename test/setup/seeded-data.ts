import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { PGlite } from '@electric-sql/pglite'
import * as tar from 'tar'
import { openMemoryDatabase } from '../../src/db/database.js'
import { acquireDataDirLock, DatabaseBusyError } from '../../src/db/lock.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { isoDate } from '../../src/lib/dates.js'
import { seed } from '../../src/seed/seed.js'
import { ROOT } from '../helpers/processes.js'

/**
 * The migrated and seeded embedded database that every test starts from, built once and kept in
 * node_modules/.cache/civic-monitor-tests/<key>/, where the key hashes what decides its content:
 * every source file the migrations and the seed import (their import closure), the datasets, the
 * locked package versions (PGlite's own files change with its version) and the day (the seed dates
 * what it writes). A cold seed (initdb, migrations, some 24,000 indicator values) takes
 * tens of seconds on a loaded machine; reusing it takes a copy. It holds:
 * - data/pgdata: the data directory, shut down cleanly and without preallocated WAL, for servers and
 *   commands that each get a copy as DATA_DIR;
 * - template.tar: the same as a tar file, for in-memory suites (PGlite's loadDataDir).
 * Delete the folder to force a rebuild; a change to any input makes a new key anyway.
 */
const CACHE = join(ROOT, 'node_modules', '.cache', 'civic-monitor-tests')
/** What builds the template: its import closure, the datasets under seed/ and the lockfile make the key. */
const ENTRY_POINTS = ['test/setup/seeded-data.ts', 'src/db/migrate.ts', 'src/seed/seed.ts']

export interface SeededData {
  /** PGlite's dump of the seeded data directory (a tar file). */
  tarball: string
  /** A DATA_DIR whose pgdata/ is the seeded database: copy it, never open it in place. */
  dataDir: string
}

export async function seededData(): Promise<SeededData> {
  const key = await inputsKey()
  const folder = join(CACHE, key)
  const result = { tarball: join(folder, 'template.tar'), dataDir: join(folder, 'data') }
  await mkdir(CACHE, { recursive: true })
  // One builder at a time: both projects' set-ups (two processes) and parallel runs in one tree
  // ask at once. The embedded database's own lock file (db/lock.ts) knows a dead holder by its pid.
  while (!existsSync(join(folder, 'ready'))) {
    const unlock = await acquireDataDirLock(CACHE).catch((error: unknown) => {
      if (error instanceof DatabaseBusyError) return null
      throw error
    })
    if (!unlock) {
      await sleep(500)
      continue
    }
    try {
      if (!existsSync(join(folder, 'ready'))) await build(folder)
    } finally {
      await unlock()
    }
  }
  const now = new Date()
  await utimes(folder, now, now) // in use: not to be removed as old by a run on another key
  await removeOtherKeys(key)
  return result
}

async function build(folder: string): Promise<void> {
  const building = `${folder}.building`
  await rm(building, { recursive: true, force: true })
  await mkdir(join(building, 'data'), { recursive: true })
  const memory = await openMemoryDatabase()
  await migrateToLatest(memory.db)
  await seed(memory.db, isoDate(new Date()))
  const dump = await memory.dump()
  await memory.close()
  const pgdata = join(building, 'data', 'pgdata')
  const files = await PGlite.create({ dataDir: pgdata, loadDataDir: dump })
  await files.exec('checkpoint')
  // The last segment the next records can reach: the shutdown checkpoint goes right after.
  const { rows } = await files.query<{ last: string }>(`select pg_walfile_name(pg_current_wal_insert_lsn() + 65536) as last`)
  await files.close() // a clean shutdown: a copy starts without crash recovery
  await removePreallocatedWal(pgdata, rows[0]!.last)
  await tar.create({ file: join(building, 'template.tar'), cwd: pgdata, portable: true }, ['.'])
  await writeFile(join(building, 'ready'), `${new Date().toISOString()}\n`)
  await rm(folder, { recursive: true, force: true })
  await rename(building, folder)
}

/**
 * PostgreSQL keeps recycled WAL segments (16 MB each) ahead of the one it writes, for later
 * writes: a copy does not need them, and every suite that loads the template would copy them.
 */
async function removePreallocatedWal(pgdata: string, last: string): Promise<void> {
  const wal = join(pgdata, 'pg_wal')
  for (const name of await readdir(wal)) if (/^[0-9A-F]{24}$/.test(name) && name > last) await rm(join(wal, name))
}

async function inputsKey(): Promise<string> {
  const hash = createHash('sha256').update(isoDate(new Date())) // the seed dates what it writes
  const files = [...(await importClosure(ENTRY_POINTS)), ...(await filesUnder(join(ROOT, 'seed'))), join(ROOT, 'package-lock.json')]
  for (const file of files.sort())
    hash
      .update(relative(ROOT, file))
      .update('\0')
      .update(await readFile(file))
      .update('\0')
  return hash.digest('hex').slice(0, 16)
}

/**
 * Every source file the entry points import, directly or not (relative imports; packages are
 * covered by the lockfile): the code that decides what the seeded database holds.
 */
async function importClosure(entries: string[]): Promise<Set<string>> {
  const seen = new Set<string>()
  const pending = entries.map((entry) => join(ROOT, entry))
  for (let file = pending.pop(); file; file = pending.pop()) {
    if (seen.has(file)) continue
    seen.add(file)
    const text = await readFile(file, 'utf8')
    for (const [, specifier] of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = join(dirname(file), specifier!)
      const source = [target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target].find((path) => existsSync(path))
      if (!source) throw new Error(`${relative(ROOT, file)} imports ${specifier}, which test/setup/seeded-data.ts cannot find`)
      pending.push(source)
    }
  }
  return seen
}

async function filesUnder(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true }).catch(() => null)
  if (!entries) return [path]
  const nested = await Promise.all(entries.map((entry) => filesUnder(join(path, entry.name))))
  return nested.flat()
}

/**
 * Old templates do not pile up: other keys untouched for an hour go (a younger one may belong to
 * a run still going in the same tree, on a migration being written).
 */
async function removeOtherKeys(key: string): Promise<void> {
  for (const name of await readdir(CACHE)) {
    const path = join(CACHE, name)
    const { mtimeMs } = await stat(path)
    if (!name.startsWith(key) && name !== 'pglite.lock' && Date.now() - mtimeMs > 3_600_000)
      await rm(path, { recursive: true, force: true })
  }
}
