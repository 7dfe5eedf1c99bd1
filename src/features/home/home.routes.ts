import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { countriesWithRatings } from '../countries/countries.queries.js'
import { firstRatingDate } from '../ratings/ratings.queries.js'
import { populationShare, totalsOf } from '../ratings/ratings.stats.js'
import { HomePage } from './home.views.js'
import { HomeNews } from './home-news.js'
import { listRatingChanges } from '../findings/changes.queries.js'
import { publishedEditions } from '../watchlist/watchlist.queries.js'

const Query = Type.Object({
  date: Type.Optional(Type.String({ format: 'date', description: 'Draw the map as of this day (YYYY-MM-DD); default today' })),
})

export function registerHomeRoutes(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/')) {
    app.get<{ Querystring: { date?: string } }>(
      url,
      { config: { policy: 'public' }, schema: { querystring: Query, hide: true } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        const date = request.query.date ?? today
        const path = request.query.date ? `/?date=${date}` : '/'
        return sendCachedPage(deps, request, reply, { locale, path, day: today }, async (ctx) => {
          const countries = await countriesWithRatings(deps.db, date)
          const rated = countries.flatMap((c) => (c.rating ? [{ category: c.rating.category, population: c.population?.value ?? 0 }] : []))
          const model = {
            date,
            today,
            firstRatingDate: await firstRatingDate(deps.db),
            countries,
            totals: totalsOf(rated),
            populationShare: populationShare(rated),
          }
          const [{ changes }, editions] = await Promise.all([
            listRatingChanges(deps.db, { until: date, limit: 5 }),
            publishedEditions(deps.db),
          ])
          return h(HomePage, { ctx, model, children: h(HomeNews, { ctx, changes, watchlist: editions[0] ?? null }) })
        })
      },
    )
  }
}
