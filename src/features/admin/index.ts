import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerAdminPages } from './admin.routes.js'
import { registerUsersPages } from './users.routes.js'
import { registerUserEditPages } from './user-edit.routes.js'

/** The admin feature as a Fastify plugin (app.ts registers it): the audit log and user administration. */
const admin: FastifyPluginCallback<FeatureOptions> = (app, { deps, cookieNames }, done) => {
  registerAdminPages(app, deps)
  registerUsersPages(app, deps)
  registerUserEditPages(app, deps, cookieNames)
  done()
}

export default admin
