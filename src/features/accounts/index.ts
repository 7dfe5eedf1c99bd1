import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerAccountsApi } from './accounts.api.js'
import { registerAccountPages } from './accounts.pages.js'
import { registerResetPages } from './reset.pages.js'
import { registerAccountSettings } from './account-settings.pages.js'

/** The accounts feature as a Fastify plugin (app.ts registers it): sign-in, sessions, password resets and account settings. */
const accounts: FastifyPluginCallback<FeatureOptions> = (app, { deps, cookieNames }, done) => {
  registerAccountsApi(app, deps, cookieNames)
  registerAccountPages(app, deps, cookieNames)
  registerResetPages(app, deps, cookieNames)
  registerAccountSettings(app, deps, cookieNames)
  done()
}

export default accounts
export { accountsIdentity } from './identity.js'
