import type { FastifyPluginCallback } from 'fastify'
import type { FeatureOptions } from '../../app-deps.js'
import { registerWatchlistPages } from './watchlist-public.routes.js'
import { registerWatchlistApi } from './watchlist.api.js'
import { registerWatchlistEditor, type WatchlistEditorOptions } from './watchlist-editor.routes.js'

/**
 * The watchlist feature as a Fastify plugin (app.ts registers it): public pages, the API and the
 * editor. The engine's candidates come in as an option, so watchlist imports nothing of decisions.
 */
const watchlist: FastifyPluginCallback<FeatureOptions & WatchlistEditorOptions> = (app, { deps, candidates }, done) => {
  registerWatchlistPages(app, deps)
  registerWatchlistApi(app, deps)
  registerWatchlistEditor(app, deps, { candidates })
  done()
}

export default watchlist
