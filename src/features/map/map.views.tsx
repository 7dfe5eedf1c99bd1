import type { Category } from '../ratings/scale.js'
import { href, type PageContext } from '../../web/page-context.js'
import { MAP_WIDTH, needsMarker, worldMap, type MapShape } from './world-map.js'

/** How far a marker's centre keeps from the left and right edges (its largest radius, on a phone). */
const MARKER_INSET = 7

export interface MapCountry {
  code: string
  numeric: string | null
  slug: string
  name: string
  /** English name, to find shapes that have no ISO numeric id (Kosovo). */
  englishName: string
  latitude: number
  longitude: number
  category: Category | null
}

/** The world map as SVG: every monitored country is a link with an accessible name. */
export function WorldMapSvg({ ctx, countries, title }: { ctx: PageContext; countries: MapCountry[]; title: string }) {
  const { t } = ctx
  const map = worldMap()
  const byKey = new Map<string, MapCountry>()
  for (const country of countries) {
    byKey.set(country.numeric ?? country.englishName, country)
  }
  const shapeOf = new Map<string, MapShape>()
  for (const shape of map.shapes) {
    const country = byKey.get(shape.key)
    if (country) shapeOf.set(country.code, shape)
  }
  const label = (c: MapCountry) => `${c.name}: ${c.category ? t(`category.${c.category}`) : t('category.unrated')}`
  const cls = (c: MapCountry) => `cat-${c.category ?? 'unrated'}`
  return (
    <svg class="world-map" viewBox={`0 0 ${MAP_WIDTH} ${map.height}`} role="group" aria-label={title} xmlns="http://www.w3.org/2000/svg">
      <g>
        {map.shapes.map((shape) => {
          const country = byKey.get(shape.key)
          if (!country) return <path class="cat-unmonitored" d={shape.d} aria-hidden="true" />
          if (needsMarker(shape)) return <path class={cls(country)} d={shape.d} aria-hidden="true" />
          return (
            <a href={href(ctx, `/countries/${country.slug}`)} aria-label={label(country)}>
              <title>{label(country)}</title>
              <path class={cls(country)} d={shape.d} />
            </a>
          )
        })}
      </g>
      <g>
        {countries
          .filter((country) => needsMarker(shapeOf.get(country.code)))
          .map((country) => {
            const [px, y] = map.project(country.longitude, country.latitude)
            const x = Math.min(Math.max(px, MARKER_INSET), MAP_WIDTH - MARKER_INSET) // islands by the map's edge stay whole
            return (
              <a href={href(ctx, `/countries/${country.slug}`)} aria-label={label(country)}>
                <title>{label(country)}</title>
                <circle class={cls(country)} cx={x} cy={y} r={3.5} />
              </a>
            )
          })}
      </g>
    </svg>
  )
}
