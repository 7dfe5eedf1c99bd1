import { sql, type Kysely } from 'kysely'
import type { DB } from '../src/db/schema.js'

/**
 * Generates a large, visibly fictional body of published updates and incidents for the search
 * benchmark. Text mixes invented filler with real English and Russian words (so stemming has
 * word forms to work on); countries and terms are the seeded ones. Inserted set-wise with SQL; the
 * audit and cache triggers are switched off for the load (session_replication_role), which is
 * fine for a throwaway benchmark database and nothing else.
 */
const EN =
  'fictional lantern parade gathering assembly protesters detained journalists union students march square council permit banned released charged court hearing newspaper radio blocked online platform association registration fined organisers rally vigil strike'.split(
    ' ',
  )
const RU =
  'вымышленный фонарь шествие собрание протестующие задержаны журналисты профсоюз студенты марш площадь совет разрешение запрещено освобождены обвинены суд заседание газета радио заблокирован платформа ассоциация регистрация штраф организаторы митинг пикет забастовка'.split(
    ' ',
  )

export async function generateUpdates(db: Kysely<DB>, counts: { updates: number; incidents: number }): Promise<void> {
  const author = await db
    .insertInto('users')
    .values({ email: 'bench.author@example.org', display_name: 'Fictional Bench Author', status: 'active' })
    .returning('id')
    .executeTakeFirstOrThrow()
  await sql`set session_replication_role = replica`.execute(db)
  // One word in twenty is a meaningful one; the others are invented filler ("valo1234") from a
  // vocabulary of 20,000, so a query matches a realistic share of the updates, not all of them.
  const text = (words: string[], n: number) =>
    sql`array_to_string(array(select case when random() < 0.05 then (${sql.val(words)}::text[])[1 + floor(random() * ${words.length})::int]
      else 'valo' || floor(random() * 20000)::int end from generate_series(1, ${n}) w where g > 0), ' ')`
  await sql`
    insert into updates (country_code, language, author_id, status, title, summary, body, freedoms, publish_at, published_at, created_at, updated_at)
    select c.code, case when g % 4 = 0 then 'ru' else 'en' end, ${author.id}, 'published',
      case when g % 4 = 0 then ${text(RU, 6)} else ${text(EN, 6)} end,
      case when g % 4 = 0 then ${text(RU, 25)} else ${text(EN, 25)} end,
      case when g % 4 = 0 then ${text(RU, 250)} else ${text(EN, 250)} end,
      case g % 4 when 0 then array['association'] when 1 then array['assembly'] when 2 then array['expression'] else array['assembly', 'expression'] end,
      ts, ts, ts, ts
    from generate_series(1, ${counts.updates}) g
    cross join lateral (select now() - (g || ' hours')::interval as ts) t
    cross join lateral (select code from countries order by code offset (g % 197) limit 1) c`.execute(db)
  await sql`
    insert into update_tags (update_id, term_id)
    select u.id, t.id from updates u
    cross join lateral (select id from taxonomy_terms where vocabulary = 'topic' order by id offset (u.id % 6) limit 1) t`.execute(db)
  await sql`
    insert into incidents (update_id, position, occurred_on, precision, freedom, type_id, victim_id, perpetrator_id, detained, sensitivity, restricted_notes)
    select (select min(id) from updates) + (g % ${counts.updates}), g / ${counts.updates}, date '2020-01-01' + (g % 1800),
      'day', (array['association', 'assembly', 'expression'])[1 + g % 3],
      v.id, null, null, g % 7, case when g % 10 = 0 then 'restricted' else 'public' end,
      case when g % 10 = 0 then 'fictional restricted note' end
    from generate_series(0, ${counts.incidents - 1}) g
    cross join lateral (select id from taxonomy_terms where vocabulary = 'violation' order by id offset (g % 19) limit 1) v`.execute(db)
  await sql`set session_replication_role = origin`.execute(db)
  await sql`analyze`.execute(db)
}
