import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerCountriesPages } from './countries.routes.js'
import { registerCountriesApi } from './countries.api.js'

/** The countries feature as a Fastify plugin (app.ts registers it): country pages and the countries API. */
const countries: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerCountriesPages(app, deps)
  registerCountriesApi(app, deps)
  done()
}

export default countries
