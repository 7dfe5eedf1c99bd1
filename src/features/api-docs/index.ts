import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerApiDocs } from './api-docs.routes.js'

/** The api-docs feature as a Fastify plugin (app.ts registers it): the OpenAPI document and the /api page. */
const apiDocs: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerApiDocs(app, deps)
  done()
}

export default apiDocs
