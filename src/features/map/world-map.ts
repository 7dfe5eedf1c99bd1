import { createRequire } from 'node:module'
import { geoEqualEarth, geoPath } from 'd3-geo'
import { feature } from 'topojson-client'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import type { GeometryCollection, Topology } from 'topojson-specification'

/**
 * The world map's geometry, projected once at start-up: an SVG path per shape of world-atlas's
 * 1:110m countries (ISO numeric ids), and a projector for the markers of countries too small
 * for that scale (or missing from it). Only colours and labels change per request.
 */
export const MAP_WIDTH = 960
const MARGIN = 4
/** Countries whose shape covers fewer square pixels than this get a marker as well. */
const MIN_VISIBLE_AREA = 30

export interface MapShape {
  /** ISO 3166-1 numeric code, or the name for shapes without one (Kosovo, Somaliland, N. Cyprus). */
  key: string
  d: string
  areaPx: number
}

export interface WorldMap {
  height: number
  shapes: MapShape[]
  project(longitude: number, latitude: number): [number, number]
}

const require = createRequire(import.meta.url)
let cached: WorldMap | undefined

export function worldMap(): WorldMap {
  cached ??= build()
  return cached
}

function build(): WorldMap {
  const topology = require('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection<{ name: string }> }>
  const collection = feature(topology, topology.objects.countries) as FeatureCollection<Geometry, { name: string }>
  // Antarctica is not monitored and would take a fifth of the height.
  const features = collection.features.filter((f) => f.id !== '010')
  const world = { type: 'FeatureCollection', features } as FeatureCollection
  // Fit the width; the height follows from the shape of the world without Antarctica.
  const projection = geoEqualEarth().fitWidth(MAP_WIDTH - 2 * MARGIN, world)
  const path = geoPath(projection).digits(1)
  const [[, top], [, bottom]] = path.bounds(world)
  const [x, y] = projection.translate()
  projection.translate([x + MARGIN, y - top + MARGIN])
  const shapes = features.map((f: Feature<Geometry, { name: string }>) => ({
    key: f.id === undefined ? f.properties.name : String(f.id),
    d: path(f) ?? '',
    areaPx: path.area(f),
  }))
  return {
    height: Math.ceil(bottom - top + 2 * MARGIN),
    shapes: shapes.filter((s) => s.d !== ''),
    project(longitude, latitude) {
      const point = projection([longitude, latitude]) ?? [0, 0]
      return [Math.round(point[0] * 10) / 10, Math.round(point[1] * 10) / 10]
    },
  }
}

export function needsMarker(shape: MapShape | undefined): boolean {
  return !shape || shape.areaPx < MIN_VISIBLE_AREA
}
