import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { readTimeCursor } from '../../lib/cursor.js'
import { ErrorResponse, notFound } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { findPublicationVersion, listPublishedPublications } from './public.queries.js'
import { KindSchema } from './public.routes.js'
import { Detail, Language, Nullable, presentDetail, presentSummary, SlugParams, Summary } from './publications.schema.js'

/** The public read API of publications: published ones only; an unpublished slug is as unknown as a made-up one. */
const ListQuery = Type.Object({
  kind: Type.Optional(KindSchema),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
  language: Type.Optional(Language),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}-[0-9]{1,15}$', description: 'The next page: the value of "next"' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1-200, default 50' })),
})
type ListQuery = Static<typeof ListQuery>

export function registerPublicationsApi(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl
  app.get<{ Querystring: ListQuery }>(
    '/api/v1/publications',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Published publications, newest first',
        description:
          'Press releases, watchlist reports, annual findings and statements with their language versions. Filter by kind, country or language (publications with a version in it); page with "before".',
        tags: ['publications'],
        querystring: ListQuery,
        response: { 200: Type.Object({ publications: Type.Array(Summary), next: Nullable(Type.String()) }), 400: ErrorResponse },
      },
    },
    (request, reply) => {
      const { kind, language } = request.query
      const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 50)))
      const country = request.query.country?.toUpperCase()
      const before = readTimeCursor(request.query.before)
      const key = `publications ${kind ?? ''} ${country ?? ''} ${language ?? ''} ${request.query.before ?? ''} ${limit}`
      return sendCachedJson(deps, request, reply, key, async () => {
        const rows = await listPublishedPublications(deps.db, { kind, country, language }, { limit: limit + 1, before })
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        return {
          publications: page.map((p) => presentSummary(base, '/press', p)),
          next: rows.length > limit && last ? `${last.publishedAt!.getTime()}-${last.id}` : null,
        }
      })
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/api/v1/publications/:slug',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One published language version of a publication',
        description:
          'Its text (Markdown), quotes, media contacts, the other versions, countries, linked published rating decisions and updates, attachments with download addresses, and corrections.',
        tags: ['publications'],
        params: SlugParams,
        response: { 200: Detail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    (request, reply) =>
      sendCachedJson(deps, request, reply, `publication ${request.params.slug}`, async () => {
        const article = await findPublicationVersion(deps.db, request.params.slug, 'public')
        if (!article) throw notFound('publication')
        return presentDetail(base, '/press', article)
      }),
  )
}
