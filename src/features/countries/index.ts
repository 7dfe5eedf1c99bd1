import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerCountriesPages } from './countries.routes.js'
import { registerCountriesApi } from './countries.api.js'

/**
 * The countries feature as a Fastify plugin (app.ts registers it): the countries page (/countries)
 * and the countries API. Other features read countries.queries; the page of one country, which
 * composes several features, is features/country-page.
 */
const countries: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerCountriesPages(app, deps)
  registerCountriesApi(app, deps)
  done()
}

export default countries
