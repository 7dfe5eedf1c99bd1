import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { openPostgres, type Database } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { createCountry, createUser } from '../helpers/factories.js'
import { adminQuery, withDatabase } from '../setup/postgres-template.js'

const pgUrl = process.env.TEST_DATABASE_URL
const template = inject('postgresTemplate')

/**
 * Several instances on one PostgreSQL database (decision 020): each with its own pool and app, as
 * two processes behind a proxy would be, here in one process to keep the suite fast.
 */
describe.runIf(pgUrl && template)('two instances on one PostgreSQL database', () => {
  const name = `cm_instances_${randomBytes(4).toString('hex')}`
  const databases: Database[] = []
  const open = () => {
    const database = openPostgres(withDatabase(pgUrl!, name))
    databases.push(database)
    return database
  }
  beforeAll(() => adminQuery(pgUrl!, `create database ${name} template ${template!}`))
  afterAll(async () => {
    for (const database of databases) await database.close()
    await adminQuery(pgUrl!, `drop database if exists ${name}`)
  })

  it('see each other’s public changes within a second, and each other’s drafts never', async () => {
    const config = loadConfig({ PUBLIC_URL: 'http://civic-monitor.test', LOG_LEVEL: 'silent' })
    const [one, two] = [open(), open()]
    const [appOne, appTwo] = await Promise.all([buildApp({ config, database: one }), buildApp({ config, database: two })])
    try {
      await createCountry(one.db, { code: 'XIN', name: 'Fictional Instancia' })
      const page = (app: typeof appOne) => app.inject('/countries/fictional-instancia')
      expect((await page(appOne)).statusCode).toBe(200)
      await expect.poll(async () => (await page(appTwo)).statusCode, { timeout: 1000, interval: 50 }).toBe(200)
      const etag = (await page(appTwo)).headers.etag
      // Back-office work on one instance changes nothing the other shows.
      await createUser(one.db, { roles: ['editor'] })
      await new Promise((resolve) => setTimeout(resolve, 300))
      expect((await page(appTwo)).headers.etag).toBe(etag)
      // A public change made through the first shows on the second within a second.
      await sql`update countries set population = 123456 where code = 'XIN'`.execute(one.db)
      await expect.poll(async () => (await page(appTwo)).body, { timeout: 1000, interval: 50 }).toContain('123,456')
    } finally {
      await Promise.all([appOne.close(), appTwo.close()])
    }
  })

  it('migrate an empty database once when they start together', async () => {
    const empty = `${name}_empty`
    await adminQuery(pgUrl!, `create database ${empty}`)
    const handles = [0, 1, 2].map(() => openPostgres(withDatabase(pgUrl!, empty)))
    try {
      const applied = await Promise.all(handles.map((handle) => migrateToLatest(handle.db)))
      // One applied every migration; the others waited on the migration lock and found none to do.
      expect(applied.map((names) => names.length).sort((a, b) => a - b)).toEqual([0, 0, applied.flat().length])
      expect(applied.flat()).toContain('0011_public_content_version')
    } finally {
      for (const handle of handles) await handle.close()
      await adminQuery(pgUrl!, `drop database if exists ${empty}`)
    }
  })
})
