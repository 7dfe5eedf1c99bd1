import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { PublicationKind } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { sendCached, sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { publicationsFeed } from './feed.js'
import {
  countPublishedPublications,
  findPublicationVersion,
  listPublishedPublications,
  publishedPublicationCountries,
} from './public.queries.js'
import { PressListPage, PublicationPage, pressQuery } from './public.views.js'

export const PAGE_SIZE = 20
/** An enum (not a union of literals) so a wrong value's message lists the right ones. */
export const KindSchema = Type.Unsafe<PublicationKind>(Type.String({ enum: PUBLICATION_KINDS }))
export const SlugSchema = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120 })
const PressQuery = Type.Object({
  kind: Type.Optional(KindSchema),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
})
type PressQuery = Static<typeof PressQuery>

/** The filter form sends "all" as an empty value: it means no filter, not a wrong one. */
export function dropEmptyQueryValues(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const query = request.query as Record<string, unknown>
  for (const key of Object.keys(query)) if (query[key] === '') delete query[key]
  done()
}

/** /press (published publications), /press/{slug} (one published language version) and /press/feed.xml. */
export function registerPublicationsPublic(app: FastifyInstance, deps: AppDeps): void {
  app.get('/press/feed.xml', { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
    sendCached(deps, request, reply, {
      key: 'publications feed',
      contentType: 'application/atom+xml; charset=utf-8',
      render: () => publicationsFeed(deps.db, deps.config.publicUrl, deps.clock()),
    }),
  )

  for (const { locale, url } of localizedRoutes('/press')) {
    app.get<{ Querystring: PressQuery }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, querystring: PressQuery }, preValidation: dropEmptyQueryValues },
      (request, reply) => {
        const filter = { kind: request.query.kind, country: request.query.country }
        const page = Number(request.query.page ?? 1)
        const path = `/press${pressQuery(filter, page)}`
        return sendCachedPage(deps, request, reply, { locale, path, day: isoDate(deps.clock()) }, async (ctx) => {
          const [publications, total, codes, countries] = await Promise.all([
            listPublishedPublications(deps.db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
            countPublishedPublications(deps.db, filter),
            publishedPublicationCountries(deps.db),
            listCountries(deps.db),
          ])
          // A page past the end is not a page (and, thrown inside the render, is not cached).
          if (page > 1 && publications.length === 0) throw notFound('page of publications')
          const countryNames = new Map(countries.map((c) => [c.code, c.names[locale]]))
          const countryOptions = codes
            .map((code) => ({ code, name: countryNames.get(code) ?? code }))
            .sort((a, b) => a.name.localeCompare(b.name, locale))
          return h(PressListPage, { ctx, model: { filter, publications, total, page, pageSize: PAGE_SIZE, countryOptions, countryNames } })
        })
      },
    )

    app.get<{ Params: { slug: string } }>(
      `${url}/:slug`,
      { config: { policy: 'public' }, schema: { hide: true, params: Type.Object({ slug: SlugSchema }) } },
      (request, reply) =>
        // The lookup happens inside the render: an unknown or unpublished slug throws before anything is cached.
        sendCachedPage(deps, request, reply, { locale, path: `/press/${request.params.slug}`, day: isoDate(deps.clock()) }, async (ctx) => {
          const article = await findPublicationVersion(deps.db, request.params.slug, 'public')
          if (!article) throw notFound('publication')
          return h(PublicationPage, { ctx, article })
        }),
    )
  }
}
