import { sql } from 'kysely'
import { openMemoryDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seed } from '../src/seed/seed.js'
import { methodologyInForce } from '../src/features/methodology/methodology.queries.js'
import { computeScores } from '../src/features/methodology/scores.service.js'
import { generateUpdates } from './updates-data.js'

/**
 * Scoring benchmark: the engine's scores for every monitored country on ten yearly dates
 * (31 December 2016-2025), on in-process PGlite, migrated and seeded (the real indicator data),
 * with BENCH_UPDATES published updates and BENCH_INCIDENTS incidents for the incident signal and
 * one key analysis and one partner input per country. Target: at most 2 s per recomputation.
 */
const UPDATES = Number(process.env.BENCH_UPDATES ?? 5_000)
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 50_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5)
const DATES = Array.from({ length: 10 }, (_, i) => `${2016 + i}-12-31`)

const database = await openMemoryDatabase()
const db = database.db
await migrateToLatest(db)
await seed(db, new Date().toISOString().slice(0, 10))
await generateUpdates(db, { updates: UPDATES, incidents: INCIDENTS })
// Spread the generated incidents over the ten years, so every date has a window and a baseline.
await sql`update incidents set occurred_on = date '2013-01-01' + (id % 4745)::int`.execute(db)
const author = await db.selectFrom('users').select('id').limit(1).executeTakeFirstOrThrow()
await sql`insert into assessments (country_code, kind, period_start, period_end, association, assembly, expression, trend, justification, author_id)
  select code, kind, date '2025-01-01', date '2025-06-30', 50, 55, 45, 'stable', 'Fictional benchmark assessment.', ${author.id}
  from countries cross join (values ('analysis'), ('partner')) as k(kind)`.execute(db)
const methodology = await methodologyInForce(db)
if (!methodology) throw new Error('the seed published no methodology')
const counts = await sql<{ values: number; countries: number }>`select
  (select count(*)::int from indicator_values) as values, (select count(*)::int from countries) as countries`.execute(db)
const { values, countries } = counts.rows[0]!

const timings: number[] = []
let scored = 0
for (let round = 0; round <= REPEAT; round++) {
  const started = performance.now()
  const table = await computeScores(db, methodology.config, DATES)
  const ms = performance.now() - started
  if (round > 0) timings.push(ms) // the first round warms up
  scored = [...table.values()].reduce((sum, byCountry) => sum + [...byCountry.values()].filter((b) => b.score !== null).length, 0)
}
const sorted = [...timings].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]!
console.log(
  `Scores of ${countries} countries on ${DATES.length} dates (${scored} with a score; ${values} indicator values, ${UPDATES} updates, ${INCIDENTS} incidents) on PGlite: median ${median.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms over ${REPEAT} runs (target 2000 ms).`,
)
await database.close()
