import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { openPostgres } from '../../src/db/database.js'
import { migrateToLatest } from '../../src/db/migrate.js'
import { isoDate } from '../../src/lib/dates.js'
import { seed } from '../../src/seed/seed.js'

/**
 * The unit project on PostgreSQL too, when TEST_DATABASE_URL is set (CI sets it): one migrated and
 * seeded template database per run, that each suite copies with CREATE DATABASE ... TEMPLATE.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    postgresTemplate: string | null
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.TEST_DATABASE_URL
  if (!url) {
    if (process.env.CI) throw new Error('TEST_DATABASE_URL is not set: CI must run the PostgreSQL tests too (see .ci/run).')
    console.warn('\n*** TEST_DATABASE_URL is not set: integration tests run on PGlite only, NOT on PostgreSQL. ***\n')
    project.provide('postgresTemplate', null)
    return
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
