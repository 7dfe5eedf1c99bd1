import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerSubscriptions } from './subscriptions.routes.js'

/** The subscriptions feature as a Fastify plugin (app.ts registers it): subscribing to releases and managing a subscription. */
const subscriptions: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerSubscriptions(app, deps)
  done()
}

export default subscriptions
