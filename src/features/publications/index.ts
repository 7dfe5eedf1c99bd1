import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import type { Publisher } from './publisher.js'
import { registerPublicationsPublic } from './public.routes.js'
import { registerPublicationsApi } from './publications.api.js'
import { registerPublicationEditor, type ListEditions } from './editor.routes.js'
import { registerPublicationsWriteApi } from './publications.write-api.js'
import { registerAttachments } from './attachments.routes.js'

/**
 * The publications feature as a Fastify plugin (app.ts registers it): public pages, the API, the
 * editor and attachments. Publishing builds on publications, so its publisher comes in as an option;
 * watchlist reads publications (an edition's page links its report), so its editions come in too.
 */
const publications: FastifyPluginCallback<FeatureOptions & { publisher: Publisher; editions: ListEditions }> = (
  app,
  { deps, publisher, editions },
  done,
) => {
  registerPublicationsPublic(app, deps)
  registerPublicationsApi(app, deps)
  registerPublicationEditor(app, deps, publisher, editions)
  registerPublicationsWriteApi(app, deps, publisher)
  registerAttachments(app, deps)
  done()
}

export default publications
