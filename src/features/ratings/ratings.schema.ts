import { Type, type Static } from '@sinclair/typebox'
import { CATEGORIES } from './scale.js'
import { ErrorResponse } from '../../lib/errors.js'

export const CategorySchema = Type.Union(
  CATEGORIES.map((c) => Type.Literal(c)),
  {
    description: 'open, narrowed, obstructed, repressed or closed (best to worst)',
  },
)

export const RatingNow = Type.Object(
  {
    category: CategorySchema,
    score: Type.Union([Type.Integer({ minimum: 1, maximum: 100 }), Type.Null()], {
      description: 'Score 1-100 (higher is freer), null when the source gives none',
    }),
    since: Type.String({ format: 'date', description: 'The day this rating took effect' }),
  },
  { additionalProperties: false },
)

export const Totals = Type.Object(
  Object.fromEntries(CATEGORIES.map((c) => [c, Type.Integer({ minimum: 0 })])) as Record<
    (typeof CATEGORIES)[number],
    ReturnType<typeof Type.Integer>
  >,
  { additionalProperties: false },
)

export const DateQuery = Type.Object({
  date: Type.Optional(Type.String({ format: 'date', description: 'A calendar date, YYYY-MM-DD; default today (UTC)' })),
})

export const RatingsResponse = Type.Object(
  {
    date: Type.String({ format: 'date' }),
    totals: Totals,
    countries: Type.Array(Type.Intersect([Type.Object({ code: Type.String({ pattern: '^[A-Z]{3}$' }) }), RatingNow])),
    unrated: Type.Array(Type.String(), { description: 'Monitored countries without a rating on that date' }),
  },
  { additionalProperties: false },
)
export type RatingsResponse = Static<typeof RatingsResponse>

/**
 * The schema of a write endpoint behind a form: its summary and tag in the OpenAPI document, the
 * body and path parameters, the result on 200 and 201, and the error shape of every refusal.
 */
export function writeRouteSchema(options: { summary: string; tag: string; body: unknown; params?: unknown; result: unknown }) {
  const { summary, tag, body, params, result } = options
  return {
    summary,
    tags: [tag],
    body,
    ...(params ? { params } : {}),
    response: {
      200: result,
      201: result,
      ...Object.fromEntries([400, 401, 403, 404, 409, 422].map((code) => [code, ErrorResponse])),
    },
  }
}
