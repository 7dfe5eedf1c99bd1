import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerSystemRoutes } from './system.routes.js'

/** The system feature as a Fastify plugin (app.ts registers it): /health and /ready. */
const system: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerSystemRoutes(app, deps)
  done()
}

export default system
