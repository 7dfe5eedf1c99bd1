import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerHomeRoutes } from './home.routes.js'

/** The home feature as a Fastify plugin (app.ts registers it): the home page. */
const home: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerHomeRoutes(app, deps)
  done()
}

export default home
