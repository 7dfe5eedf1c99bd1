import { randomBytes, randomUUID } from 'node:crypto'
import compress from '@fastify/compress'
import helmet from '@fastify/helmet'
import swagger from '@fastify/swagger'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { DB } from './db/schema.js'
import type { AppDeps } from './app-deps.js'
import { systemClock, type Clock } from './lib/dates.js'
import { registerAuth } from './lib/auth.js'
import { registerErrorHandling } from './web/error-handler.js'
import { registerNulGuard } from './lib/nul-guard.js'
import { accountsIdentity } from './features/accounts/identity.js'
import { registerAccountsApi } from './features/accounts/accounts.api.js'
import { registerAccountPages } from './features/accounts/accounts.pages.js'
import { registerResetPages } from './features/accounts/reset.pages.js'
import { registerAccountSettings } from './features/accounts/account-settings.pages.js'
import { registerAdminPages } from './features/admin/admin.routes.js'
import { registerUsersPages } from './features/admin/users.routes.js'
import { registerUserEditPages } from './features/admin/user-edit.routes.js'
import { registerUpdateEditor } from './features/updates/editor.routes.js'
import { registerUpdatesPublic } from './features/updates/public.routes.js'
import { registerUpdatesFeed } from './features/updates/feed.routes.js'
import { registerUpdateHistory } from './features/updates/history.js'
import { registerWorkspace } from './features/updates/workspace.js'
import { registerTaxonomyAdmin } from './features/updates/taxonomy.routes.js'
import { registerUpdatesApi } from './features/updates/updates.api.js'
import { registerUpdatesWriteApi } from './features/updates/updates.write-api.js'
import { registerDecisionPages } from './features/decisions/decisions.routes.js'
import { registerRatingDesk } from './features/decisions/rating-desk.routes.js'
import { candidatesFor } from './features/decisions/rating-desk.js'
import { registerDecisionsPublic } from './features/decisions/decisions.public.js'
import { registerDecisionsApi } from './features/decisions/decisions.api.js'
import { registerDecisionsWriteApi } from './features/decisions/decisions.write-api.js'
import formbody from '@fastify/formbody'
import { RenderCache } from './lib/render-cache.js'
import { loadAssets } from './web/assets.js'
import { registerApiDocs } from './features/api-docs/api-docs.routes.js'
import { registerCountriesApi } from './features/countries/countries.api.js'
import { registerCountriesPages } from './features/countries/countries.routes.js'
import { registerHomeRoutes } from './features/home/home.routes.js'
import { registerRatingsApi } from './features/ratings/ratings.api.js'
import { registerSitemap } from './features/sitemap/sitemap.routes.js'
import { registerSystemRoutes } from './features/system/system.routes.js'
import { registerAssessmentPages } from './features/assessments/assessments.routes.js'
import { registerAssessmentsApi } from './features/assessments/assessments.api.js'
import { registerWatchlistEditor } from './features/watchlist/watchlist-editor.routes.js'
import { registerWatchlistPages } from './features/watchlist/watchlist-public.routes.js'
import { registerWatchlistApi } from './features/watchlist/watchlist.api.js'
import { registerMethodologyAdmin } from './features/methodology/methodology.admin.routes.js'
import { registerMethodologyPublic } from './features/methodology/methodology.public.routes.js'
import { registerFindingsApi } from './features/findings/findings.api.js'
import { registerFindingsPages } from './features/findings/findings.routes.js'
import { registerPublicationsPublic } from './features/publications/public.routes.js'
import { registerPublicationsApi } from './features/publications/publications.api.js'
import { registerPublicationEditor } from './features/publications/editor.routes.js'
import { registerPublicationsWriteApi } from './features/publications/publications.write-api.js'
import { publisher } from './features/publishing/publisher.js'
import { registerAttachments } from './features/publications/attachments.routes.js'
import { registerPressRoom } from './features/press/press-room.routes.js'
import { registerAccreditation } from './features/press/accreditation.routes.js'
import { registerSubscriptions } from './features/subscriptions/subscriptions.routes.js'

export interface BuildOptions {
  config: Config
  db: Kysely<DB>
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
    trustProxy: config.trustProxy,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    bodyLimit: 1024 * 1024,
    // Unknown body fields are refused (schemas say additionalProperties: false), not dropped;
    // a number where text is expected is an error, not silently converted.
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https:') ? { maxAge: 31536000, includeSubDomains: true } : false,
  })
  app.addHook('onSend', async (_request, reply) => {
    reply.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), interest-cohort=()')
  })
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
  const deps: AppDeps = {
    db: options.db,
    config,
    clock: options.clock ?? systemClock,
    cache: new RenderCache(randomBytes(4).toString('hex')),
    assets,
  }
  registerErrorHandling(app, assets, config.publicUrl)
  registerNulGuard(app)
  const cookieNames = await registerAuth(app, config.publicUrl, accountsIdentity(deps.db, deps.clock))
  assets.register(app)
  registerSystemRoutes(app, deps)
  registerHomeRoutes(app, deps)
  registerCountriesPages(app, deps)
  registerCountriesApi(app, deps)
  registerRatingsApi(app, deps)
  registerFindingsApi(app, deps)
  registerFindingsPages(app, deps)
  registerApiDocs(app, deps)
  registerSitemap(app, deps)
  registerAccountsApi(app, deps, cookieNames)
  registerAccountPages(app, deps, cookieNames)
  registerResetPages(app, deps, cookieNames)
  registerAccountSettings(app, deps, cookieNames)
  registerAdminPages(app, deps)
  registerUsersPages(app, deps)
  registerUserEditPages(app, deps, cookieNames)
  registerUpdatesFeed(app, deps)
  registerUpdatesPublic(app, deps)
  registerUpdateEditor(app, deps)
  registerUpdateHistory(app, deps)
  registerWorkspace(app, deps)
  registerTaxonomyAdmin(app, deps)
  registerUpdatesApi(app, deps)
  registerUpdatesWriteApi(app, deps)
  registerDecisionPages(app, deps)
  registerRatingDesk(app, deps)
  registerDecisionsPublic(app, deps)
  registerDecisionsApi(app, deps)
  registerDecisionsWriteApi(app, deps)
  registerAssessmentPages(app, deps)
  registerAssessmentsApi(app, deps)
  registerWatchlistPages(app, deps)
  registerWatchlistApi(app, deps)
  registerWatchlistEditor(app, deps, { candidates: candidatesFor(deps.db) })
  registerMethodologyPublic(app, deps)
  registerMethodologyAdmin(app, deps)
  registerPublicationsPublic(app, deps)
  registerPublicationsApi(app, deps)
  // Publishing uses the publications feature, so its routes get the publisher passed in (decision 012).
  registerPublicationEditor(app, deps, publisher)
  registerPublicationsWriteApi(app, deps, publisher)
  registerAttachments(app, deps)
  registerPressRoom(app, deps)
  registerAccreditation(app, deps)
  registerSubscriptions(app, deps)
  await app.ready()
  return app
}
