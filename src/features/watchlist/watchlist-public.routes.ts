import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { countriesWithRatings } from '../countries/countries.queries.js'
import { reportOfEdition } from '../publications/public.queries.js'
import { WatchlistPage } from './watchlist-public.views.js'
import { publishedEdition, publishedEditions } from './watchlist.queries.js'

/**
 * /watchlist (the latest published edition and the archive) and /watchlist/{id} (one
 * published edition). Drafts are never read here. Cached per day: the rating labels are today's.
 */
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

export function registerWatchlistPages(app: FastifyInstance, deps: AppDeps): void {
  const load = async (today: string, id: number | null) => {
    const editions = await publishedEditions(deps.db)
    const shownId = id ?? editions[0]?.id
    const [edition, countries, report] = await Promise.all([
      shownId === undefined ? null : publishedEdition(deps.db, shownId),
      countriesWithRatings(deps.db, today),
      shownId === undefined ? null : reportOfEdition(deps.db, shownId),
    ])
    return { edition, editions, countries: new Map(countries.map((c) => [c.code, c])), report }
  }

  for (const { locale, url } of localizedRoutes('/watchlist')) {
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const today = isoDate(deps.clock())
      return sendCachedPage(deps, request, reply, { locale, path: '/watchlist', day: today }, async (ctx) =>
        h(WatchlistPage, { ctx, model: { ...(await load(today, null)), single: false } }),
      )
    })

    app.get<{ Params: Static<typeof Params> }>(
      `${url}/:id`,
      { config: { policy: 'public' }, schema: { hide: true, params: Params } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        const id = Number(request.params.id)
        // The lookup happens inside the render: a draft or unknown id throws before anything is cached.
        return sendCachedPage(deps, request, reply, { locale, path: `/watchlist/${id}`, day: today }, async (ctx) => {
          const model = await load(today, id)
          if (!model.edition) throw notFound('watchlist edition')
          return h(WatchlistPage, { ctx, model: { ...model, single: true } })
        })
      },
    )
  }
}
