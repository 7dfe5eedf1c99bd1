import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { ErrorResponse, invalid, notFound } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { getPublicUpdate, publicIncidents, toPublicIncident, type PublicIncident } from './public-update.queries.js'
import { listPublicUpdates, prepareFilter, type PublicUpdateSummary } from './public.queries.js'
import { filterOf, UpdatesQuery } from './public.routes.js'
import { listTerms } from './updates.queries.js'

/** The public read API of updates and incidents: published content only, public fields only. */
const LIMIT = 50
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])
const Count = Type.Union([Type.Integer({ minimum: 0 }), Type.Null()])
const Incident = Type.Object({
  id: Type.Integer(),
  update: Type.Integer({ description: 'The update that reports it' }),
  country: Type.String({ pattern: '^[A-Z]{3}$' }),
  date: Type.String({ format: 'date' }),
  precision: Type.Union([Type.Literal('day'), Type.Literal('month'), Type.Literal('year')]),
  locality: Nullable(Type.String({ description: 'Never given for restricted incidents' })),
  latitude: Type.Union([Type.Number(), Type.Null()]),
  longitude: Type.Union([Type.Number(), Type.Null()]),
  freedom: Type.String(),
  type: Type.String({ description: 'Taxonomy key of the violation or positive development' }),
  victimGroup: Nullable(Type.String()),
  perpetrator: Nullable(Type.String()),
  affected: Count,
  killed: Count,
  injured: Count,
  detained: Count,
  charged: Count,
  sample: Type.Boolean({ description: 'From sample content: fictional, not a real event' }),
})
const UpdateSummary = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  country: Type.String(),
  language: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  publishedAt: Type.String({ format: 'date-time' }),
  withdrawn: Type.Boolean(),
  sample: Type.Boolean({ description: 'Sample content: fictional text for demonstration, not a report' }),
})
const UpdateDetail = Type.Intersect([
  UpdateSummary,
  Type.Object({
    body: Type.String({ description: 'Markdown' }),
    periodStart: Nullable(Type.String({ format: 'date' })),
    periodEnd: Nullable(Type.String({ format: 'date' })),
    freedoms: Type.Array(Type.String()),
    tags: Type.Array(Type.String()),
    partner: Nullable(Type.String({ description: 'The credited research partner; null when anonymous' })),
    withdrawnReason: Nullable(Type.String()),
    sources: Type.Array(
      Type.Object({ url: Type.String(), title: Type.String(), publisher: Nullable(Type.String()), publishedOn: Nullable(Type.String()) }),
    ),
    corrections: Type.Array(Type.Object({ note: Type.String(), correctedAt: Type.String({ format: 'date-time' }) })),
    translations: Type.Array(Type.Object({ id: Type.Integer(), language: Type.String(), title: Type.String() })),
    incidents: Type.Array(Incident),
  }),
])
const ListQuery = Type.Intersect([
  Type.Omit(UpdatesQuery, ['page']),
  Type.Object({ cursor: Type.Optional(Type.String({ maxLength: 100 })) }),
])
const IncidentsQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  type: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })),
  from: Type.Optional(Type.String({ format: 'date' })),
  to: Type.Optional(Type.String({ format: 'date' })),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
})

function presentIncident(i: PublicIncident, update: number, country: string, key: (id: number | null) => string | null, sample: boolean) {
  return {
    sample,
    id: i.id,
    update,
    country,
    date: i.occurredOn,
    precision: i.precision,
    locality: i.locality,
    latitude: i.latitude,
    longitude: i.longitude,
    freedom: i.freedom,
    type: key(i.typeId) ?? '',
    victimGroup: key(i.victimId),
    perpetrator: key(i.perpetratorId),
    affected: i.affected,
    killed: i.killed,
    injured: i.injured,
    detained: i.detained,
    charged: i.charged,
  }
}

type Cursor = { offset: number } | { publishedAt: Date; id: number }
function readCursor(cursor: string | undefined): Cursor {
  if (!cursor) return { offset: 0 }
  const text = Buffer.from(cursor, 'base64url').toString()
  const keyset = /^k(\d{13})\.(\d{1,15})$/.exec(text)
  if (keyset) return { publishedAt: new Date(Number(keyset[1])), id: Number(keyset[2]) }
  const offset = /^o(\d{1,7})$/.exec(text)
  if (offset) return { offset: Number(offset[1]) }
  throw invalid('cursor', 'not a cursor this API gave out: use the value of "next" from the previous page', cursor)
}
const present = (u: PublicUpdateSummary, publicUrl: string) => ({
  id: u.id,
  url: `${publicUrl}/updates/${u.id}`,
  country: u.countryCode,
  language: u.language,
  title: u.title,
  summary: u.summary,
  publishedAt: u.publishedAt.toISOString(),
  withdrawn: u.withdrawn,
  sample: u.sample,
})

export function registerUpdatesApi(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/updates',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Published monitoring updates, newest first (best match first with q)',
        tags: ['updates'],
        querystring: ListQuery,
        response: { 200: Type.Object({ updates: Type.Array(UpdateSummary), next: Nullable(Type.String()) }), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { cursor, ...query } = request.query
      const filter = filterOf(query)
      const position = readCursor(cursor)
      if (filter.q && !('offset' in position)) throw invalid('cursor', 'this cursor belongs to a list without q', cursor)
      return sendCachedJson(deps, request, reply, `updates ${JSON.stringify(filter)} ${cursor ?? ''}`, async () => {
        const rows = await listPublicUpdates(deps.db, await prepareFilter(deps.db, filter), {
          limit: LIMIT + 1,
          offset: 'offset' in position ? position.offset : 0,
          after: 'offset' in position ? undefined : position,
        })
        const page = rows.slice(0, LIMIT)
        const last = page.at(-1)
        let next: string | null = null
        if (rows.length > LIMIT && last) {
          const token = filter.q ? `o${('offset' in position ? position.offset : 0) + LIMIT}` : `k${last.publishedAt.getTime()}.${last.id}`
          next = Buffer.from(token).toString('base64url')
        }
        return { updates: page.map((u) => present(u, deps.config.publicUrl)), next }
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/updates/:id',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One published update with its sources, public incident fields and corrections',
        tags: ['updates'],
        params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
        response: { 200: UpdateDetail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) =>
      sendCachedJson(deps, request, reply, `update ${request.params.id}`, async () => {
        const update = await getPublicUpdate(deps.db, Number(request.params.id))
        if (!update) throw notFound('update')
        const keys = new Map((await listTerms(deps.db)).map((t) => [t.id, t.key]))
        const key = (id: number | null) => (id === null ? null : (keys.get(id) ?? null))
        return {
          ...present(
            { ...update, countryCode: update.countryCode, withdrawn: update.withdrawn !== null, snippet: null },
            deps.config.publicUrl,
          ),
          body: update.body,
          periodStart: update.periodStart,
          periodEnd: update.periodEnd,
          freedoms: update.freedoms,
          tags: update.tagIds.map((id) => key(id)!).filter(Boolean),
          partner: update.partner,
          withdrawnReason: update.withdrawn?.reason ?? null,
          sources: update.sources,
          corrections: update.corrections.map((c) => ({ note: c.note, correctedAt: c.correctedAt.toISOString() })),
          translations: update.translations,
          incidents: update.incidents.map((i) => presentIncident(i, update.id, update.countryCode, key, update.sample)),
        }
      }),
  )

  app.get<{ Querystring: Static<typeof IncidentsQuery> }>(
    '/api/v1/incidents',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Incidents of published updates (public fields only), newest first',
        tags: ['updates'],
        querystring: IncidentsQuery,
        response: { 200: Type.Object({ incidents: Type.Array(Incident), next: Nullable(Type.String()) }), 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const q = request.query
      return sendCachedJson(deps, request, reply, `incidents ${JSON.stringify(q)}`, async () => {
        const keys = new Map((await listTerms(deps.db)).map((t) => [t.id, t.key]))
        let query = publicIncidents(deps.db)
        if (q.country) query = query.where('updates.country_code', '=', q.country)
        if (q.type)
          query = query.where(
            'incidents.type_id',
            'in',
            [...keys]
              .filter(([, k]) => k === q.type)
              .map(([id]) => id)
              .concat(-1),
          )
        if (q.from) query = query.where('incidents.occurred_on', '>=', q.from)
        if (q.to) query = query.where('incidents.occurred_on', '<=', q.to)
        if (q.cursor) query = query.where('incidents.id', '<', Number(q.cursor))
        const rows = await query
          .orderBy('incidents.id', 'desc')
          .limit(LIMIT + 1)
          .execute()
        const page = rows.slice(0, LIMIT)
        const key = (id: number | null) => (id === null ? null : (keys.get(id) ?? null))
        return {
          incidents: page.map((row) => presentIncident(toPublicIncident(row), row.update_id, row.country_code, key, row.sample)),
          next: rows.length > LIMIT ? String(page.at(-1)!.id) : null,
        }
      })
    },
  )
}
