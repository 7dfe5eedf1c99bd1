import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { AppDeps } from '../../app-deps.js'
import type { DB } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { ErrorResponse, invalid } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { listRatingChanges, listRegions, type ChangeFilter } from './changes.queries.js'
import { findingsFor, requireFindingsYear } from './findings.queries.js'
import { Change, ChangesQuery, FindingsResponse, presentChange, presentFindings, YearParams } from './findings.schema.js'

/** /api/v1/findings/{year} and /api/v1/ratings/changes: the numbers of /findings and /ratings. */
const LIMIT = 100
const ChangesApiQuery = Type.Intersect([
  ChangesQuery,
  Type.Object({ cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: 'The "next" of the previous page' })) }),
])
const ChangesResponse = Type.Object(
  {
    changes: Type.Array(Change),
    total: Type.Integer({ minimum: 0, description: 'Changes matching the filter, on every page' }),
    next: Type.Union([Type.String(), Type.Null()], { description: 'Pass as cursor for the next page; null on the last' }),
  },
  { additionalProperties: false },
)

/** The filter of the log from its query, checked: an unknown region is a 400 that lists the known ones. */
export async function changeFilterOf(db: Kysely<DB>, query: ChangesQuery): Promise<ChangeFilter> {
  const filter: ChangeFilter = {}
  if (query.year) filter.year = Number(query.year)
  if (query.direction) filter.direction = query.direction
  if (query.region) {
    const regions = await listRegions(db)
    if (!regions.includes(query.region)) throw invalid('region', `unknown region: use one of ${regions.join(', ')}`, query.region)
    filter.region = query.region
  }
  return filter
}

export function registerFindingsApi(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Params: Static<typeof YearParams> }>(
    '/api/v1/findings/:year',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Global findings of a year',
        description:
          'Countries per category and the share of the population of all monitored countries living in each (as of the last day of the year, or today while it runs), the rating changes of the year, the most frequent violations and the evidence per freedom. The same numbers as the page /findings/{year} and its CSV download /findings/{year}.csv.',
        tags: ['findings'],
        params: YearParams,
        response: { 200: FindingsResponse, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const today = isoDate(deps.clock())
      return sendCachedJson(deps, request, reply, `findings ${request.params.year} ${today}`, async () => {
        const { year } = await requireFindingsYear(deps.db, request.params.year, today)
        return presentFindings(await findingsFor(deps.db, year, today), deps.config.publicUrl)
      })
    },
  )

  app.get<{ Querystring: Static<typeof ChangesApiQuery> }>(
    '/api/v1/ratings/changes',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'The log of rating changes',
        description:
          "Every change of category across all countries, newest first, 100 per page. A country's first rating is a baseline, not a change. Filter by year, region and direction.",
        tags: ['ratings'],
        querystring: ChangesApiQuery,
        response: { 200: ChangesResponse, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const today = isoDate(deps.clock())
      const { cursor, ...query } = request.query
      const offset = Number(cursor ?? 0)
      const filter = await changeFilterOf(deps.db, query)
      return sendCachedJson(deps, request, reply, `changes ${JSON.stringify(filter)} ${offset} ${today}`, async () => {
        const { changes, total } = await listRatingChanges(deps.db, { ...filter, until: today, limit: LIMIT, offset })
        return {
          changes: changes.map((c) => presentChange(c, deps.config.publicUrl)),
          total,
          next: offset + LIMIT < total ? String(offset + LIMIT) : null,
        }
      })
    },
  )
}
