import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerAssessmentPages } from './assessments.routes.js'
import { registerAssessmentsApi } from './assessments.api.js'

/** The assessments feature as a Fastify plugin (app.ts registers it): assessments: pages and API. */
const assessments: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerAssessmentPages(app, deps)
  registerAssessmentsApi(app, deps)
  done()
}

export default assessments
