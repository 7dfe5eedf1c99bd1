import { Type, type Static } from '@sinclair/typebox'
import { NAME_LOCALES } from '../../lib/i18n.js'
import { RatingNow } from '../ratings/ratings.schema.js'

export const CountrySummary = Type.Object(
  {
    code: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 3166-1 alpha-3 (Kosovo: XKX)' }),
    alpha2: Type.Union([Type.String(), Type.Null()]),
    numeric: Type.Union([Type.String(), Type.Null()], { description: 'ISO 3166-1 numeric, null for Kosovo' }),
    slug: Type.String(),
    name: Type.String({ description: 'English name' }),
    names: Type.Object(Object.fromEntries(NAME_LOCALES.map((l) => [l, Type.String()])), { description: 'Name in each language' }),
    region: Type.String(),
    subregion: Type.Union([Type.String(), Type.Null()]),
    population: Type.Union([
      Type.Object({
        value: Type.Integer(),
        year: Type.Union([Type.Integer(), Type.Null()]),
        source: Type.Union([Type.String(), Type.Null()]),
      }),
      Type.Null(),
    ]),
    rating: Type.Union([RatingNow, Type.Null()], { description: 'The rating in force today; null when unrated' }),
    url: Type.String({ description: 'The country page' }),
  },
  { additionalProperties: false },
)
export type CountrySummary = Static<typeof CountrySummary>

export const CountryCodeParams = Type.Object({
  code: Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO alpha-3 code, any case' }),
})
