import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerPressRoom } from './press-room.routes.js'
import { registerAccreditation } from './accreditation.routes.js'

/** The press feature as a Fastify plugin (app.ts registers it): the press room and accreditation. */
const press: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerPressRoom(app, deps)
  registerAccreditation(app, deps)
  done()
}

export default press
