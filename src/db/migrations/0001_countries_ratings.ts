import { sql, type Kysely } from 'kysely'

// Migrations take Kysely<unknown>: they must not depend on today's schema types.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('countries')
    .addColumn('code', 'char(3)', (c) => c.primaryKey().check(sql`code ~ '^[A-Z]{3}$'`))
    .addColumn('alpha2', 'char(2)', (c) => c.unique())
    .addColumn('numeric', 'char(3)')
    .addColumn('slug', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`),
    )
    .addColumn('names', 'jsonb', (c) => c.notNull().check(sql`names ? 'en'`))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('subregion', 'text')
    .addColumn('latitude', 'double precision', (c) => c.notNull())
    .addColumn('longitude', 'double precision', (c) => c.notNull())
    .addColumn('area_km2', 'double precision')
    .addColumn('population', 'bigint', (c) => c.check(sql`population >= 0`))
    .addColumn('population_year', 'integer')
    .addColumn('population_source', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('ratings')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addColumn('category', 'text', (c) => c.notNull().check(sql`category in ('open', 'narrowed', 'obstructed', 'repressed', 'closed')`))
    .addColumn('score', 'smallint', (c) => c.check(sql`score between 1 and 100`))
    .addColumn('effective_date', 'date', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('ratings_country_date_unique', ['country_code', 'effective_date'])
    .addCheckConstraint(
      'ratings_score_in_band',
      sql`score is null or case category
        when 'open' then score >= 81 when 'narrowed' then score between 61 and 80
        when 'obstructed' then score between 41 and 60 when 'repressed' then score between 21 and 40
        else score <= 20 end`,
    )
    .execute()
  await db.schema.createIndex('ratings_date_idx').on('ratings').columns(['effective_date', 'country_code']).execute()

  await db.schema
    .createTable('content_version')
    .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .execute()
  await sql`insert into content_version (id, version) values (1, 1)`.execute(db)
  await sql`
    create function bump_content_version() returns trigger language plpgsql as $$
    begin
      update content_version set version = version + 1 where id = 1;
      return null;
    end $$`.execute(db)
  for (const table of ['countries', 'ratings']) {
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('ratings').execute()
  await db.schema.dropTable('countries').execute()
  await db.schema.dropTable('content_version').execute()
  await sql`drop function bump_content_version()`.execute(db)
}
