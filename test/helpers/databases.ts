import { randomBytes } from 'node:crypto'
import { cp, mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inject } from 'vitest'
import { openMemoryDatabase, openPostgres, type Database, type DatabaseKind } from '../../src/db/database.js'
import { adminQuery, withDatabase } from '../setup/postgres-template.js'

/**
 * Each suite gets its own database, copied from the run's migrated and seeded template:
 * PGlite always, PostgreSQL too when TEST_DATABASE_URL is set (CI sets it).
 */
export const backends: DatabaseKind[] = inject('postgresTemplate') ? ['pglite', 'postgres'] : ['pglite']

let templateBytes: Promise<Buffer> | undefined

/**
 * The template as the Blob PGlite asks for, without Node's Blob: that one copies the 47 MB into
 * its own store and reads them back in chunks, some 0.3 s of CPU per suite.
 */
class TemplateBlob extends Blob {
  readonly #template: Buffer
  constructor(template: Buffer) {
    super([])
    this.#template = template
  }
  override get size(): number {
    return this.#template.byteLength
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(new Uint8Array(this.#template).buffer) // a copy: PGlite may keep it
  }
}

export async function freshDatabase(kind: DatabaseKind): Promise<Database> {
  if (kind === 'pglite') {
    templateBytes ??= readFile(inject('pgliteTemplate'))
    // A suite's database holds some 15 MB: a 16 MB buffer pool starts 0.4 s faster than the default.
    return openMemoryDatabase(new TemplateBlob(await templateBytes), { sharedBuffers: '16MB' })
  }
  const url = process.env.TEST_DATABASE_URL
  const template = inject('postgresTemplate')
  if (!url || !template) throw new Error('PostgreSQL tests need TEST_DATABASE_URL')
  const name = `cm_test_${randomBytes(6).toString('hex')}`
  await adminQuery(url, `create database ${name} template ${template}`)
  const database = openPostgres(withDatabase(url, name))
  return {
    ...database,
    async close() {
      await database.close()
      await adminQuery(url, `drop database if exists ${name}`)
    },
  }
}

/** A new data directory holding a copy of the run's seeded database, as if `npm start` had run once in it. */
export async function seededDataDir(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `cm-${name}-`))
  await cp(join(inject('seededDataDir'), 'pgdata'), join(dir, 'pgdata'), { recursive: true })
  return dir
}
