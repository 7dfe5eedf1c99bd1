import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { ErrorResponse, notFound } from '../../lib/errors.js'
import { ratingOf } from '../ratings/ratings.queries.js'
import { countriesWithRatings, findCountryByCode } from './countries.queries.js'
import { presentCountry } from './countries.present.js'
import { CountryCodeParams, CountrySummary } from './countries.schema.js'
import { sendCachedJson } from '../../web/cached-responses.js'

export function registerCountriesApi(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/api/v1/countries',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'All monitored countries and territories',
        tags: ['countries'],
        response: { 200: Type.Object({ countries: Type.Array(CountrySummary) }) },
      },
    },
    async (request, reply) => {
      const today = isoDate(deps.clock())
      return sendCachedJson(deps, request, reply, `countries ${today}`, async () => {
        const countries = await countriesWithRatings(deps.db, today)
        return { countries: countries.map((c) => presentCountry(c, deps.config.publicUrl)) }
      })
    },
  )

  app.get<{ Params: { code: string } }>(
    '/api/v1/countries/:code',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One country by its ISO alpha-3 code',
        tags: ['countries'],
        params: CountryCodeParams,
        response: { 200: CountrySummary, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const code = request.params.code.toUpperCase()
      const today = isoDate(deps.clock())
      // The lookup happens inside the render: a cached answer costs no query, and an unknown code throws before anything is cached.
      return sendCachedJson(deps, request, reply, `country ${code} ${today}`, async () => {
        const country = await findCountryByCode(deps.db, code)
        if (!country) throw notFound(`country with code ${code}`)
        const rating = await ratingOf(deps.db, country.code, today)
        return presentCountry({ ...country, rating }, deps.config.publicUrl)
      })
    },
  )
}
