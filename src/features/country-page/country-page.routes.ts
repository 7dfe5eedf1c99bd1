import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { findCountryBySlug } from '../countries/countries.queries.js'
import { countryRating, RatingHistoryChart, WhyThisRating } from '../decisions/country-rating.views.js'
import { publishedAbout } from '../publications/public.queries.js'
import { RelatedPublications } from '../publications/related-publications.views.js'
import { ratingHistory, ratingOf } from '../ratings/ratings.queries.js'
import { countryEvidence, CountryEvidenceSection } from '../updates/country-evidence.views.js'
import { CountryPage } from './country.views.js'

const SlugParams = Type.Object({ slug: Type.String({ maxLength: 80 }) })

/** /countries/{slug}: a country's rating, why, its history, the evidence and the publications about it. */
export function registerCountryPage(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/countries')) {
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
