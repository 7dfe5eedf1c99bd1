import { sql, type Kysely } from 'kysely'

/**
 * Publishing has one owner (decision 012):
 * - one scheduled rating change per country is a partial unique index, not a check coded in two
 *   services (two scheduled changes would race for the same country's rating);
 * - an update or a decision scheduled with a publication names it in `scheduled_with`, so the
 *   updates and decisions workflows can refuse to move it alone without reading publications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{ country_code: string }>`
    select country_code from rating_decisions where status = 'scheduled' group by country_code having count(*) > 1`.execute(db)
  if (rows.length > 0)
    throw new Error(
      `More than one rating decision is scheduled for ${rows.map((r) => r.country_code.trim()).join(', ')}. ` +
        'Unschedule all but one per country, then migrate again.',
    )
  await sql`create unique index rating_decisions_one_scheduled_per_country
    on rating_decisions (country_code) where status = 'scheduled'`.execute(db)
  for (const [table, links, key] of [
    ['rating_decisions', 'publication_decisions', 'decision_id'],
    ['updates', 'publication_updates', 'update_id'],
  ] as const) {
    await db.schema
      .alterTable(table)
      .addColumn('scheduled_with', 'bigint', (c) => c.references('publications.id'))
      .execute()
    await sql`update ${sql.table(table)} t set scheduled_with = (
        select min(p.id) from ${sql.table(links)} l join publications p on p.id = l.publication_id
        where l.${sql.ref(key)} = t.id and p.status = 'scheduled')
      where t.status = 'scheduled'`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('updates').dropColumn('scheduled_with').execute()
  await db.schema.alterTable('rating_decisions').dropColumn('scheduled_with').execute()
  await sql`drop index rating_decisions_one_scheduled_per_country`.execute(db)
}
