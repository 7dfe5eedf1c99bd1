import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { monitoredCountryCodes, ratingsAsOf } from './ratings.queries.js'
import { ErrorResponse } from '../../lib/errors.js'
import { DateQuery, RatingsResponse } from './ratings.schema.js'
import { totalsOf } from './ratings.stats.js'
import { sendCachedJson } from '../../web/cached-responses.js'

export function registerRatingsApi(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { date?: string } }>(
    '/api/v1/ratings',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Every rating in force on a date',
        description:
          'The rating of each monitored country on the date (its latest rating effective on or before that day), and the count per category.',
        tags: ['ratings'],
        querystring: DateQuery,
        response: { 200: RatingsResponse, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const date = request.query.date ?? isoDate(deps.clock())
      return sendCachedJson(deps, request, reply, `ratings ${date}`, async (): Promise<RatingsResponse> => {
        const [ratings, codes] = await Promise.all([ratingsAsOf(deps.db, date), monitoredCountryCodes(deps.db)])
        const rated = new Set(ratings.map((r) => r.countryCode))
        return {
          date,
          totals: totalsOf(ratings),
          countries: ratings.map((r) => ({ code: r.countryCode, category: r.category, score: r.score, since: r.since })),
          unrated: codes.filter((code) => !rated.has(code)),
        }
      })
    },
  )
}
