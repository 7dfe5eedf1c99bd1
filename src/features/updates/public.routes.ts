import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { getPublicUpdate } from './public-update.queries.js'
import { listPublicUpdates, prepareFilter, publicFacets, type PublicFilter } from './public.queries.js'
import { filterQuery, UpdatesPage } from './public.views.js'
import { UpdatePage } from './update-page.views.js'
import { listTerms } from './updates.queries.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

export const PAGE_SIZE = 20
const date = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })
export const UpdatesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  region: Type.Optional(Type.String({ maxLength: 40 })),
  freedom: Type.Optional(Type.Union([Type.Literal('association'), Type.Literal('assembly'), Type.Literal('expression')])),
  tag: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })),
  language: Type.Optional(Type.Union(CONTENT_LANGUAGES.map((l) => Type.Literal(l)))),
  partner: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,100}$' })),
  from: Type.Optional(date),
  to: Type.Optional(date),
  page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,2}$' })),
})
type UpdatesQuery = Static<typeof UpdatesQuery>

export function filterOf(query: UpdatesQuery): PublicFilter {
  const filter = Object.fromEntries(
    Object.entries(query)
      .filter(([key]) => key !== 'page')
      .filter(([, v]) => v !== undefined && v !== ''),
  ) as PublicFilter
  if (filter.q !== undefined) filter.q = filter.q.trim() || undefined
  return filter
}

/** The public list of updates (search and facets) and each published update's page. */
export function registerUpdatesPublic(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/updates')) {
    app.get<{ Querystring: UpdatesQuery }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, querystring: UpdatesQuery } },
      async (request, reply) => {
        const filter = filterOf(request.query)
        const page = Number(request.query.page ?? 1)
        const path = `/updates${filterQuery(filter, { page: page > 1 ? String(page) : null })}`
        const view = async () => {
          const ctx = pageContext(locale, path, deps.assets, deps.config.publicUrl)
          const prepared = await prepareFilter(deps.db, filter)
          const [updates, facets, countries, terms] = await Promise.all([
            listPublicUpdates(deps.db, prepared, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
            publicFacets(deps.db, prepared),
            listCountries(deps.db),
            listTerms(deps.db),
          ])
          const countryNames = new Map(countries.map((c) => [c.code, c.names[locale]]))
          const countrySlugs = new Map(countries.map((c) => [c.code, c.slug]))
          return h(UpdatesPage, { ctx, model: { filter, updates, facets, page, pageSize: PAGE_SIZE, countryNames, countrySlugs, terms } })
        }
        // Searches are not kept: what someone looked for stays between them and the server. Each
        // is computed, so they wait their turn with the cache's misses (a flood is shed with 503).
        if (filter.q) return sendPrivatePage(reply, 200, await deps.misses.run(request.ip, view))
        return sendCachedPage(deps, request, reply, { locale, path, day: isoDate(deps.clock()) }, view)
      },
    )

    app.get<{ Params: { id: string } }>(
      `${url}/:id`,
      { config: { policy: 'public' }, schema: { hide: true, params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) }) } },
      async (request, reply) =>
        sendCachedPage(deps, request, reply, { locale, path: `/updates/${request.params.id}`, day: isoDate(deps.clock()) }, async (ctx) => {
          const update = await getPublicUpdate(deps.db, Number(request.params.id))
          if (!update) throw notFound('update')
          const [countries, terms] = await Promise.all([listCountries(deps.db), listTerms(deps.db)])
          const country = countries.find((c) => c.code === update.countryCode)!
          return h(UpdatePage, {
            ctx,
            model: { update, country: { name: country.names[locale], slug: country.slug }, terms: new Map(terms.map((t) => [t.id, t])) },
          })
        }),
    )
  }
}
