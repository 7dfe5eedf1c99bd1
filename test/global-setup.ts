import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openMemoryDatabase, openPostgres } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seed } from '../src/seed/seed.js'
import { isoDate } from '../src/lib/dates.js'

/**
 * Prepares one migrated and seeded template per test run: a dumped PGlite data directory (each
 * suite loads it instead of running initdb) and, when TEST_DATABASE_URL is set, a PostgreSQL
 * template database (each suite copies it with CREATE DATABASE ... TEMPLATE).
 */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    postgresTemplate: string | null
  }
}

export default async function setup(project: TestProject) {
  const dir = await mkdtemp(join(tmpdir(), 'civic-monitor-test-'))
  const memory = await openMemoryDatabase()
  await migrateToLatest(memory.db)
  await seed(memory.db, isoDate(new Date()))
  const templatePath = join(dir, 'template.tar')
  await writeFile(templatePath, Buffer.from(await (await memory.dump()).arrayBuffer()))
  await memory.close()
  project.provide('pgliteTemplate', templatePath)

  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    if (process.env.CI) throw new Error('TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests too (see .ci/run).')
    console.warn('\n*** TEST_DATABASE_URL is not set: integration tests run on PGlite only, NOT on PostgreSQL. ***\n')
    project.provide('postgresTemplate', null)
    return async () => rm(dir, { recursive: true, force: true })
  }
  const template = `cm_template_${process.pid}`
  await adminQuery(url, `drop database if exists ${template}`)
  await adminQuery(url, `create database ${template}`)
  const database = openPostgres(withDatabase(url, template))
  await migrateToLatest(database.db)
  await seed(database.db, isoDate(new Date()))
  await database.close()
  project.provide('postgresTemplate', template)
  return async () => {
    await adminQuery(url, `drop database if exists ${template}`)
    await rm(dir, { recursive: true, force: true })
  }
}

export function withDatabase(url: string, name: string): string {
  const parsed = new URL(url)
  parsed.pathname = `/${name}`
  return parsed.toString()
}

export async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at TEST_DATABASE_URL (${url}): ${(error as Error).message}`, { cause: error })
  }
  try {
    await client.query(text)
  } finally {
    await client.end()
  }
}
