import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerSitemap } from './sitemap.routes.js'

/** The sitemap feature as a Fastify plugin (app.ts registers it): /robots.txt and /sitemap.xml. */
const sitemap: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerSitemap(app, deps)
  done()
}

export default sitemap
