import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerFindingsApi } from './findings.api.js'
import { registerFindingsPages } from './findings.routes.js'

/** The findings feature as a Fastify plugin (app.ts registers it): the findings API and pages. */
const findings: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerFindingsApi(app, deps)
  registerFindingsPages(app, deps)
  done()
}

export default findings
