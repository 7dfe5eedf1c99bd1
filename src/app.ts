import { randomBytes, randomUUID } from 'node:crypto'
import compress from '@fastify/compress'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Config } from './config.js'
import { ContentVersion } from './db/content-version.js'
import type { Database } from './db/database.js'
import type { AppDeps } from './app-deps.js'
import { systemClock, type Clock } from './lib/dates.js'
import { registerAuth } from './lib/auth.js'
import { registerErrorHandling } from './web/error-handler.js'
import { registerNulGuard } from './lib/nul-guard.js'
import accounts, { accountsIdentity } from './features/accounts/index.js'
import admin from './features/admin/index.js'
import apiDocs from './features/api-docs/index.js'
import assessments from './features/assessments/index.js'
import countries from './features/countries/index.js'
import countryPage from './features/country-page/index.js'
import decisions, { candidatesFor } from './features/decisions/index.js'
import findings from './features/findings/index.js'
import home from './features/home/index.js'
import methodology from './features/methodology/index.js'
import press from './features/press/index.js'
import publications from './features/publications/index.js'
import { publisher } from './features/publishing/publisher.js'
import { decisionAnnouncements } from './features/publications/related-publications.views.js'
import ratings from './features/ratings/index.js'
import sitemap from './features/sitemap/index.js'
import subscriptions from './features/subscriptions/index.js'
import system from './features/system/index.js'
import updates from './features/updates/index.js'
import watchlist from './features/watchlist/index.js'
import { listEditions } from './features/watchlist/watchlist.queries.js'
import formbody from '@fastify/formbody'
import { MissGate } from './lib/miss-gate.js'
import { RenderCache } from './lib/render-cache.js'
import { loadAssets } from './web/assets.js'
import { registerSecurityHeaders } from './web/security-headers.js'
import { OneLinePerRequest } from './logger.js'

export interface BuildOptions {
  config: Config
  database: Database
  /** Injectable for tests: the time the app believes it is. */
  clock?: Clock
  /** The process's pino logger (server.ts); without one the app logs nothing (tests). */
  logger?: FastifyBaseLogger
}

/** Builds the whole application on a database; never listens (server.ts does). */
export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger } : { logger: false }),
    genReqId: () => randomUUID(),
    logController: new OneLinePerRequest(),
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // A request that reaches a stopping server is answered, not refused (server.ts stops gracefully).
    return503OnClosing: false,
    // Unknown body fields are refused (schemas say additionalProperties: false), not dropped;
    // a number where text is expected is an error, not silently converted.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  registerSecurityHeaders(app, config.publicUrl)
  await app.register(formbody, { bodyLimit: 64 * 1024 })
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] })
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Civic Monitor API',
        version: '1',
        description: 'Public, read-only JSON about civic space ratings of 197 countries and territories. No key needed.',
      },
      servers: [{ url: config.publicUrl }],
    },
  })

  const assets = await loadAssets()
  const db = options.database.db
  const contentVersion = await ContentVersion.watch(options.database, {
    onError: (error) => app.log.warn({ err: error }, 'content version check failed'),
  })
  app.addHook('onClose', () => contentVersion.stop())
  // Uncached public reads at once and waiting (READ_CONCURRENCY, READ_QUEUE; decision 019).
  const misses = new MissGate(config.readConcurrency, config.readQueue)
  const deps: AppDeps = {
    db,
    config,
    clock: options.clock ?? systemClock,
    cache: new RenderCache(randomBytes(4).toString('hex'), misses),
    misses,
    contentVersion,
    assets,
    identity: accountsIdentity(db, options.clock ?? systemClock),
  }
  registerErrorHandling(app, assets, config.publicUrl)
  registerNulGuard(app)
  const cookieNames = await registerAuth(app, config.publicUrl, deps.identity)
  assets.register(app)
  // Each feature is an encapsulated plugin: its routes see the hooks, decorators, error and 404
  // handlers registered above, and what a feature adds for itself stays inside it. The order is
  // the order routes are registered in (and listed in the OpenAPI document).
  const feature = { deps, cookieNames }
  await app.register(system, feature)
  await app.register(home, feature)
  await app.register(countries, feature)
  // The page of one country composes countries, ratings, decisions, updates and publications (decision 013).
  await app.register(countryPage, feature)
  await app.register(ratings, feature)
  await app.register(findings, feature)
  await app.register(apiDocs, feature)
  await app.register(sitemap, feature)
  await app.register(accounts, feature)
  await app.register(admin, feature)
  await app.register(updates, feature)
  // A published decision's page lists the publications announcing it; publications provide that (decision 012).
  await app.register(decisions, { ...feature, announcements: decisionAnnouncements })
  await app.register(assessments, feature)
  // Watchlist and publications take what they need of decisions, publishing and watchlist as options
  // (decisions 012 and 013).
  await app.register(watchlist, { ...feature, candidates: candidatesFor(deps.db) })
  await app.register(methodology, feature)
  await app.register(publications, { ...feature, publisher, editions: () => listEditions(deps.db) })
  await app.register(press, feature)
  await app.register(subscriptions, feature)
  await app.ready()
  return app
}
