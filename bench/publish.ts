import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import { openMemoryDatabase } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seed } from '../src/seed/seed.js'
import { publishAllDue } from '../src/features/publishing/publish-due.js'

/**
 * Publishing benchmark: one press release about one country reaching BENCH_SUBSCRIBERS confirmed
 * subscribers (a third for every country, a third for that country among others, a third for
 * other countries only), on in-process PGlite, migrated and seeded. publishAllDue publishes it
 * and enqueues every matching e-mail in the same transaction. Target: 100,000 subscribers in
 * under 5 s, so the transaction that makes a release public stays short.
 */
const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 100_000)
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5)

const database = await openMemoryDatabase()
const db = database.db
await migrateToLatest(db)
await seed(db, new Date().toISOString().slice(0, 10))
const author = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
const authorId =
  author?.id ??
  (
    await db
      .insertInto('users')
      .values({ email: 'bench.editor@example.org', display_name: 'Benchmark editor', status: 'active' } as never)
      .returning('id')
      .executeTakeFirstOrThrow()
  ).id
await sql`insert into subscriptions (email, language, countries, kinds, token, confirmed_at)
  select 'bench.subscriber' || i || '@example.org', (array['en','ru','es','fr','ar'])[1 + i % 5],
    case i % 3 when 0 then '{}'::text[] when 1 then array['KAZ', 'KGZ'] else array['FRA'] end,
    '{}'::text[], encode(sha256(i::text::bytea), 'hex'), now()
  from generate_series(1, ${SUBSCRIBERS}) as i`.execute(db)

const timings: number[] = []
let mailed = 0
for (let round = 0; round <= REPEAT; round++) {
  const publication = await db
    .insertInto('publications')
    .values({
      kind: 'press_release',
      status: 'scheduled',
      embargo_until: new Date(Date.now() - 1000),
      created_by: authorId,
      watchlist_edition_id: null,
      findings_year: null,
      published_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await db
    .insertInto('publication_texts')
    .values(
      ['en', 'ru'].map((language) => ({
        publication_id: publication.id,
        language: language as 'en',
        slug: `bench-${randomBytes(6).toString('hex')}`,
        title: 'Sample benchmark release',
        summary: 'Sample summary.',
      })),
    )
    .execute()
  await db.insertInto('publication_countries').values({ publication_id: publication.id, country_code: 'KAZ' }).execute()
  const started = performance.now()
  const done = await publishAllDue(db, new Date(), 'https://civic-monitor.example')
  const ms = performance.now() - started
  if (round > 0) timings.push(ms) // the first round warms up
  mailed = done.notifications
}
const sorted = [...timings].sort((a, b) => a - b)
const median = sorted[Math.floor(sorted.length / 2)]!
console.log(
  `Publishing one release to ${SUBSCRIBERS} subscribers (${mailed} e-mails enqueued) on PGlite: median ${median.toFixed(0)} ms, worst ${sorted.at(-1)!.toFixed(0)} ms over ${REPEAT} runs (target 5000 ms).`,
)
await database.close()
