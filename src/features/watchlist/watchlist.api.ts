import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { ErrorResponse, notFound } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { countriesWithRatings, type CountryWithRating } from '../countries/countries.queries.js'
import { CategorySchema } from '../ratings/ratings.schema.js'
import { publishedEdition, publishedEditions, type Edition, type EditionSummary } from './watchlist.queries.js'

/** The public watchlist API: published editions only, drafts never. */
const Summary = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  title: Type.String(),
  editionDate: Type.String({ format: 'date' }),
  publishedAt: Type.String({ format: 'date-time' }),
  countries: Type.Integer({ minimum: 0, description: 'How many countries the edition lists' }),
})
const EditionSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  title: Type.String(),
  editionDate: Type.String({ format: 'date' }),
  publishedAt: Type.String({ format: 'date-time' }),
  introduction: Type.String({ description: 'Markdown' }),
  countries: Type.Array(
    Type.Object({
      position: Type.Integer({ minimum: 1 }),
      code: Type.String({ pattern: '^[A-Z]{3}$' }),
      name: Type.String({ description: 'English name' }),
      url: Type.String(),
      rationale: Type.String({ description: 'Markdown' }),
      rating: Type.Union([CategorySchema, Type.Null()], { description: "The country's rating today; null when unrated" }),
    }),
  ),
})
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

function presentSummary(e: EditionSummary, publicUrl: string): Static<typeof Summary> {
  return {
    id: e.id,
    url: `${publicUrl}/watchlist/${e.id}`,
    title: e.title,
    editionDate: e.editionDate,
    publishedAt: e.publishedAt!.toISOString(),
    countries: e.countries,
  }
}

function presentEdition(e: Edition, countries: Map<string, CountryWithRating>, publicUrl: string): Static<typeof EditionSchema> {
  return {
    id: e.id,
    url: `${publicUrl}/watchlist/${e.id}`,
    title: e.title,
    editionDate: e.editionDate,
    publishedAt: e.publishedAt!.toISOString(),
    introduction: e.introduction,
    countries: e.entries.map((entry, i) => {
      const country = countries.get(entry.countryCode)
      return {
        position: i + 1,
        code: entry.countryCode,
        name: country?.names.en ?? entry.countryCode,
        url: `${publicUrl}/countries/${country?.slug ?? ''}`,
        rationale: entry.rationale,
        rating: country?.rating?.category ?? null,
      }
    }),
  }
}

export function registerWatchlistApi(app: FastifyInstance, deps: AppDeps): void {
  const publicUrl = deps.config.publicUrl
  const ratedCountries = async (today: string) => new Map((await countriesWithRatings(deps.db, today)).map((c) => [c.code, c]))

  app.get(
    '/api/v1/watchlist',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'The latest published watchlist edition, and every published edition (latest first)',
        tags: ['watchlist'],
        response: { 200: Type.Object({ latest: Type.Union([EditionSchema, Type.Null()]), editions: Type.Array(Summary) }) },
      },
    },
    async (request, reply) => {
      const today = isoDate(deps.clock())
      return sendCachedJson(deps, request, reply, `watchlist ${today}`, async () => {
        const editions = await publishedEditions(deps.db)
        const latest = editions[0] ? await publishedEdition(deps.db, editions[0].id) : null
        return {
          latest: latest && presentEdition(latest, await ratedCountries(today), publicUrl),
          editions: editions.map((e) => presentSummary(e, publicUrl)),
        }
      })
    },
  )

  app.get<{ Params: Static<typeof Params> }>(
    '/api/v1/watchlist/:id',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One published watchlist edition with its countries, rationales and their ratings today',
        tags: ['watchlist'],
        params: Params,
        response: { 200: EditionSchema, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const today = isoDate(deps.clock())
      const id = Number(request.params.id)
      return sendCachedJson(deps, request, reply, `watchlist ${id} ${today}`, async () => {
        const edition = await publishedEdition(deps.db, id)
        if (!edition) throw notFound('published watchlist edition')
        return presentEdition(edition, await ratedCountries(today), publicUrl)
      })
    },
  )
}
