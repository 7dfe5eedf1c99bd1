import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerRatingsApi } from './ratings.api.js'

/** The ratings feature as a Fastify plugin (app.ts registers it): the ratings API. */
const ratings: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerRatingsApi(app, deps)
  done()
}

export default ratings
