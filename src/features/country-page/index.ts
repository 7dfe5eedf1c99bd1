import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerCountryPage } from './country-page.routes.js'

/**
 * The country page as a Fastify plugin (app.ts registers it): /countries/{slug} composes the
 * countries, ratings, decisions, updates and publications features, so it is a feature of its own
 * and those can read countries without a cycle (decision 013).
 */
const countryPage: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerCountryPage(app, deps)
  done()
}

export default countryPage
