import { openMemoryDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seed } from '../src/seed/seed.js'
import { listPublicUpdates, prepareFilter, publicFacets, type PublicFilter } from '../src/features/updates/public.queries.js'
import { generateUpdates } from './updates-data.js'

/**
 * Search benchmark: the public /updates query (results and facet counts, as the page runs them)
 * on in-process PGlite with UPDATES published updates and INCIDENTS incidents. Reports the
 * median and 95th percentile over all queries.
 */
const UPDATES = Number(process.env.BENCH_UPDATES ?? 20_000)
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 200_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5)
const QUERIES: PublicFilter[] = [
  { q: 'lantern parade' },
  { q: 'protesters detained' },
  { q: 'задержанных протестующих' },
  { q: 'newspaper', freedom: 'expression' },
  { q: 'court hearing', language: 'en' },
  { q: 'митинг' },
  { freedom: 'assembly' },
  { tag: 'elections' },
  {},
]

const database = await openMemoryDatabase()
const loadStart = performance.now()
await migrateToLatest(database.db)
await seed(database.db, new Date().toISOString().slice(0, 10))
await generateUpdates(database.db, { updates: UPDATES, incidents: INCIDENTS })
console.log(`Generated ${UPDATES} updates and ${INCIDENTS} incidents in ${((performance.now() - loadStart) / 1000).toFixed(1)} s.`)

const timings: number[] = []
const perQuery: Record<string, number[]> = {}
for (let round = 0; round < REPEAT; round++) {
  for (const filter of QUERIES) {
    const started = performance.now()
    const prepared = await prepareFilter(database.db, filter)
    const [rows] = await Promise.all([
      listPublicUpdates(database.db, prepared, { limit: 20, offset: 0 }),
      publicFacets(database.db, prepared),
    ])
    const ms = performance.now() - started
    if (round > 0) timings.push(ms) // the first round warms the caches
    const key = JSON.stringify(filter)
    ;(perQuery[key] ??= []).push(ms)
    if (round === 0 && filter.q && rows.length === 0) throw new Error(`no result for ${key}`)
  }
}
const sorted = [...timings].sort((a, b) => a - b)
const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
console.table(
  Object.entries(perQuery).map(([query, ms]) => ({
    query,
    'median (ms)': [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!.toFixed(1),
  })),
)
console.log(
  `Search with facets on PGlite, ${UPDATES} updates / ${INCIDENTS} incidents: p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms over ${timings.length} queries.`,
)
await database.close()
