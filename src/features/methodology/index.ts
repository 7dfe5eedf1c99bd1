import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerMethodologyPublic } from './methodology.public.routes.js'
import { registerMethodologyAdmin } from './methodology.admin.routes.js'

/** The methodology feature as a Fastify plugin (app.ts registers it): the methodology: public pages and administration. */
const methodology: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerMethodologyPublic(app, deps)
  registerMethodologyAdmin(app, deps)
  done()
}

export default methodology
