import type { CountryWithRating } from './countries.queries.js'
import type { CountrySummary } from './countries.schema.js'

/** The public shape of a country: what crosses the API boundary, nothing more. */
export function presentCountry(country: CountryWithRating, publicUrl: string): CountrySummary {
  return {
    code: country.code,
    alpha2: country.alpha2,
    numeric: country.numeric,
    slug: country.slug,
    name: country.names.en,
    names: country.names,
    region: country.region,
    subregion: country.subregion,
    population: country.population,
    rating: country.rating && { category: country.rating.category, score: country.rating.score, since: country.rating.since },
    url: `${publicUrl}/countries/${country.slug}`,
  }
}
