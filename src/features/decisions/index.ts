import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerDecisionPages } from './decisions.routes.js'
import { registerRatingDesk } from './rating-desk.routes.js'
import { registerDecisionsPublic, type Announcements } from './decisions.public.js'
import { registerDecisionsApi } from './decisions.api.js'
import { registerDecisionsWriteApi } from './decisions.write-api.js'

/** The decisions feature as a Fastify plugin (app.ts registers it): rating decisions: the desk, the editor, public pages and the API. */
const decisions: FastifyPluginCallback<FeatureOptions & { announcements: Announcements }> = (app, { deps, announcements }, done) => {
  registerDecisionPages(app, deps)
  registerRatingDesk(app, deps)
  registerDecisionsPublic(app, deps, announcements)
  registerDecisionsApi(app, deps)
  registerDecisionsWriteApi(app, deps)
  done()
}

export default decisions
export { candidatesFor } from './rating-desk.js'
