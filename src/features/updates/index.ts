import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerUpdatesFeed } from './feed.routes.js'
import { registerUpdatesPublic } from './public.routes.js'
import { registerUpdateEditor } from './editor.routes.js'
import { registerUpdateHistory } from './history.js'
import { registerWorkspace } from './workspace.js'
import { registerTaxonomyAdmin } from './taxonomy.routes.js'
import { registerUpdatesApi } from './updates.api.js'
import { registerUpdatesWriteApi } from './updates.write-api.js'

/** The updates feature as a Fastify plugin (app.ts registers it): monitoring updates: feed, public pages, editor, history, workspace, taxonomy and the API. */
const updates: FastifyPluginCallback<FeatureOptions> = (app, { deps }, done) => {
  registerUpdatesFeed(app, deps)
  registerUpdatesPublic(app, deps)
  registerUpdateEditor(app, deps)
  registerUpdateHistory(app, deps)
  registerWorkspace(app, deps)
  registerTaxonomyAdmin(app, deps)
  registerUpdatesApi(app, deps)
  registerUpdatesWriteApi(app, deps)
  done()
}

export default updates
