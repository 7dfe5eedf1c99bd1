import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/schema.js'
import type { Clock } from './lib/dates.js'
import type { RenderCache } from './lib/render-cache.js'
import type { Assets } from './web/assets.js'

/** What features get from buildApp(): passed explicitly, never read from globals. */
export interface AppDeps {
  db: Kysely<DB>
  config: Config
  clock: Clock
  cache: RenderCache
  assets: Assets
}
