import { Type, type Static } from '@sinclair/typebox'
import { CATEGORIES } from './scale.js'

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

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
})
