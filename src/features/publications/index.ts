import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import type { Publisher } from './publisher.js'
import { registerPublicationsPublic } from './public.routes.js'
import { registerPublicationsApi } from './publications.api.js'
import { registerPublicationEditor } from './editor.routes.js'
import { registerPublicationsWriteApi } from './publications.write-api.js'
import { registerAttachments } from './attachments.routes.js'

/**
 * The publications feature as a Fastify plugin (app.ts registers it): public pages, the API, the
 * editor and attachments. Publishing builds on publications, so its publisher comes in as an option.
 */
const publications: FastifyPluginCallback<FeatureOptions & { publisher: Publisher }> = (app, { deps, publisher }, done) => {
  registerPublicationsPublic(app, deps)
  registerPublicationsApi(app, deps)
  registerPublicationEditor(app, deps, publisher)
  registerPublicationsWriteApi(app, deps, publisher)
  registerAttachments(app, deps)
  done()
}

export default publications
