import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { ContentVersion } from './db/content-version.js'
import type { DB } from './db/schema.js'
import type { CookieNames, Identity } from './lib/auth.js'
import type { Clock } from './lib/dates.js'
import type { MissGate } from './lib/miss-gate.js'
import type { RenderCache } from './lib/render-cache.js'
import type { Assets } from './web/assets.js'

/** What features get from buildApp(): passed explicitly, never read from globals. */
export interface AppDeps {
  db: Kysely<DB>
  config: Config
  clock: Clock
  cache: RenderCache
  /** Bounds public reads no cache holds (the cache's misses, searches); sheds the excess with 503. */
  misses: MissGate
  /** The version of public content, in memory: a cached read touches no database. */
  contentVersion: ContentVersion
  assets: Assets
  /** Sessions, users and API tokens, as the accounts feature provides them to lib/auth.ts. */
  identity: Identity
}

/** What app.ts hands every feature plugin (src/features/<name>/index.ts) as its options. */
export interface FeatureOptions {
  deps: AppDeps
  cookieNames: CookieNames
}
