import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll } from 'vitest'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import type { Database, DatabaseKind } from '../../src/db/database.js'
import type { Clock } from '../../src/lib/dates.js'
import { freshDatabase } from './databases.js'

export interface TestApp {
  app: FastifyInstance
  database: Database
  close(): Promise<void>
}

/** The real application on a fresh database of the given kind, with an injectable clock. */
export async function startTestApp(kind: DatabaseKind, options: { clock?: Clock; env?: Record<string, string> } = {}): Promise<TestApp> {
  const database = await freshDatabase(kind)
  const config = loadConfig({ PUBLIC_URL: 'http://civic-monitor.test', LOG_LEVEL: 'silent', ...options.env })
  const app = await buildApp({ config, database, clock: options.clock })
  return {
    app,
    database,
    async close() {
      await app.close()
      await database.close()
    },
  }
}

export const fixedClock =
  (iso: string): Clock =>
  () =>
    new Date(iso)

/** A fresh app for the enclosing describe block: `const t = useTestApp(kind)`, then `t().app.inject(...)`. */
export function useTestApp(kind: DatabaseKind, options: { clock?: Clock; env?: Record<string, string> } = {}): () => TestApp {
  let current: TestApp | undefined
  beforeAll(async () => {
    current = await startTestApp(kind, options)
  })
  afterAll(async () => {
    await current?.close()
  })
  return () => {
    if (!current) throw new Error('the test app has not started')
    return current
  }
}
