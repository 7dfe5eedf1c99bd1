import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { ratingHistory, ratingOf } from '../ratings/ratings.queries.js'
import { countriesWithRatings, findCountryBySlug } from './countries.queries.js'
import { SORT_KEYS, sortCountries, type SortDir, type SortKey } from './countries.sort.js'
import { CountriesPage } from './countries.views.js'
import { CountryPage } from './country.views.js'
import { publishedAbout } from '../publications/public.queries.js'
import { RelatedPublications } from '../publications/related-publications.views.js'
import { regionName } from './region-names.js'
import { countryEvidence, CountryEvidenceSection } from '../updates/country-evidence.views.js'
import { countryRating, RatingHistoryChart, WhyThisRating } from '../decisions/country-rating.views.js'

const ListQuery = Type.Object({
  sort: Type.Optional(Type.Union(SORT_KEYS.map((k) => Type.Literal(k)))),
  dir: Type.Optional(Type.Union([Type.Literal('asc'), Type.Literal('desc')])),
})
const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) })

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

    app.get<{ Params: { slug: string } }>(
      `${url}/:slug`,
      { config: { policy: 'public' }, schema: { params: SlugParams, hide: true } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        // The lookup happens inside the render: a cached page costs no query, and an unknown slug
        // throws before anything is cached.
        return sendCachedPage(deps, request, reply, { locale, path: `/countries/${request.params.slug}`, day: today }, async (ctx) => {
          const country = await findCountryBySlug(deps.db, request.params.slug)
          if (!country) throw notFound('country')
          const [rating, history, evidence, publications] = await Promise.all([
            ratingOf(deps.db, country.code, today),
            ratingHistory(deps.db, country.code),
            countryEvidence(deps.db, country.code),
            publishedAbout(deps.db, { countryCode: country.code }),
          ])
          const why = await countryRating(deps.db, country.code, rating, today)
          return h(CountryPage, {
            ctx,
            country: { ...country, rating },
            history,
            underReview: why.underReview,
            historyChart: h(RatingHistoryChart, { ctx, history, today }),
            children: [
              h(WhyThisRating, { ctx, data: why, rating }),
              h(CountryEvidenceSection, { ctx, evidence }),
              h(RelatedPublications, { ctx, publications }),
            ],
          })
        })
      },
    )
  }
}
