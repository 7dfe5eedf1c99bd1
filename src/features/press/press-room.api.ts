import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { ErrorResponse, notFound } from '../../lib/errors.js'
import { PressDetail, PressSummary, SlugParams, presentDetail, presentSummary } from '../publications/publications.schema.js'
import type { PublicationSummary } from '../publications/public.queries.js'
import { RECENT_PUBLISHED, findPressVersion, pressRoomPublications } from './press-room.queries.js'

/** Embargoed content is for this person only: no shared cache, no browser cache, no back-button copy. */
export const PRIVATE = 'private, no-store'
const embargo = (p: Pick<PublicationSummary, 'status' | 'embargoUntil' | 'embargoZone'>) => ({
  status: p.status as 'scheduled' | 'published',
  embargoUntil: p.embargoUntil?.toISOString() ?? null,
  embargoZone: p.embargoZone,
})

/** The press room's API: the public shapes plus the embargo, for journalists' and editors' API tokens. Never cached. */
export function registerPressRoomApi(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl
  app.get(
    '/api/v1/press-room/publications',
    {
      config: { policy: 'press:embargoed' },
      schema: {
        summary: 'Embargoed and recently published publications (accredited journalists and editors)',
        description: `Scheduled publications, soonest embargo first, then the ${RECENT_PUBLISHED} latest published ones. Do not publish anything before its embargoUntil.`,
        tags: ['press room'],
        response: { 200: Type.Object({ publications: Type.Array(PressSummary) }), 401: ErrorResponse, 403: ErrorResponse },
      },
    },
    async (_request, reply) => {
      const publications = await pressRoomPublications(deps.db)
      reply.header('Cache-Control', PRIVATE)
      return { publications: publications.map((p) => ({ ...presentSummary(base, '/press-room', p), ...embargo(p) })) }
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/api/v1/press-room/publications/:slug',
    {
      config: { policy: 'press:embargoed' },
      schema: {
        summary: 'One embargoed or published language version (accredited journalists and editors)',
        tags: ['press room'],
        params: SlugParams,
        response: { 200: PressDetail, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const article = await findPressVersion(deps.db, request.params.slug)
      if (!article) throw notFound('publication')
      reply.header('Cache-Control', PRIVATE)
      return { ...presentDetail(base, '/press-room', article), ...embargo(article) }
    },
  )
}
