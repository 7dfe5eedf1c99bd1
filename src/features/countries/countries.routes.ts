import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { countriesWithRatings } from './countries.queries.js'
import { SORT_KEYS, sortCountries, type SortDir, type SortKey } from './countries.sort.js'
import { CountriesPage } from './countries.views.js'
import { regionName } from './region-names.js'

const ListQuery = Type.Object({
  sort: Type.Optional(Type.Union(SORT_KEYS.map((k) => Type.Literal(k)))),
  dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
})

/** /countries: the table of every country with its rating, sortable without JavaScript. */
export function registerCountriesPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/countries')) {
    app.get<{ Querystring: { sort?: SortKey; dir?: SortDir } }>(
      url,
      { config: { policy: 'public' }, schema: { querystring: ListQuery, hide: true } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        const sort = request.query.sort ?? 'name'
        const dir = request.query.dir ?? 'asc'
        const path = request.query.sort || request.query.dir ? `/countries?sort=${sort}&dir=${dir}` : '/countries'
        return sendCachedPage(deps, request, reply, { locale, path, day: today }, async (ctx) => {
          const countries = sortCountries(await countriesWithRatings(deps.db, today), sort, dir, locale, (r) =>
            regionName(ctx.t, 'region', r),
          )
          return h(CountriesPage, { ctx, countries, sort, dir, date: today })
        })
      },
    )
  }
}
