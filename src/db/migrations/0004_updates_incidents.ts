import { sql, type Kysely } from 'kysely'

/**
 * Monitoring updates and their incidents, the taxonomy they are coded with, every saved
 * revision, editors' comments and published corrections. Search uses each update's own
 * language for stemming: a generated tsvector per row, queried language by language.
 */
const SEARCH_CONFIG = sql`case language when 'ru' then 'russian'::regconfig when 'es' then 'spanish'::regconfig
  when 'fr' then 'french'::regconfig when 'ar' then 'arabic'::regconfig else 'english'::regconfig end`

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('taxonomy_terms')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('vocabulary', 'text', (c) =>
      c.notNull().check(sql`vocabulary in ('violation', 'positive', 'victim', 'perpetrator', 'topic')`),
    )
    .addColumn('key', 'text', (c) => c.notNull().check(sql`key ~ '^[a-z0-9-]{1,60}$'`))
    // The term's name in each language: {"en": "...", "ru": "...", ...}; English is required.
    .addColumn('labels', 'jsonb', (c) => c.notNull().check(sql`labels ? 'en'`))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('retired_at', 'timestamptz')
    .addUniqueConstraint('taxonomy_terms_key', ['vocabulary', 'key'])
    .execute()

  await db.schema
    .createTable('updates')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'ru', 'es', 'fr', 'ar')`))
    // A translation points at the update it translates; the original points at nothing.
    .addColumn('translation_of', 'bigint', (c) => c.references('updates.id'))
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'bigint', (c) => c.references('organisations.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'submitted', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn')`),
    )
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn('summary', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(summary) <= 1000`),
    )
    .addColumn('body', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(body) <= 100000`),
    )
    .addColumn('period_start', 'date')
    .addColumn('period_end', 'date')
    .addColumn('freedoms', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('publish_at', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('withdrawn_reason', 'text')
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    // Sample content (npm run seed:sample): fictional text, labelled "sample" wherever it appears.
    .addColumn('sample', 'boolean', (c) => c.notNull().defaultTo(false))
    // The identifier an imported update had in its CSV file: incident files refer to it.
    .addColumn('import_ref', 'text', (c) => c.unique().check(sql`length(import_ref) between 1 and 100`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('search', sql`tsvector`, (c) =>
      c
        .generatedAlwaysAs(
          sql`setweight(to_tsvector(${SEARCH_CONFIG}, title), 'A') || setweight(to_tsvector(${SEARCH_CONFIG}, summary), 'B') || to_tsvector(${SEARCH_CONFIG}, body)`,
        )
        .stored(),
    )
    .addCheckConstraint('updates_period', sql`period_end is null or period_start is null or period_end >= period_start`)
    .addCheckConstraint('updates_scheduled', sql`status not in ('scheduled', 'published', 'withdrawn') or publish_at is not null`)
    .execute()
  await sql`create index updates_search_idx on updates using gin (search)`.execute(db)
  await db.schema.createIndex('updates_public_idx').on('updates').columns(['status', 'published_at']).execute()
  await db.schema.createIndex('updates_country_idx').on('updates').columns(['country_code', 'status']).execute()

  await db.schema
    .createTable('update_tags')
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('term_id', 'bigint', (c) => c.notNull().references('taxonomy_terms.id'))
    .addPrimaryKeyConstraint('update_tags_pk', ['update_id', 'term_id'])
    .execute()
  await db.schema.createIndex('update_tags_term_idx').on('update_tags').column('term_id').execute()

  await db.schema
    .createTable('update_sources')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull().check(sql`url ~ '^https?://' and length(url) <= 2000`))
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    .addColumn('publisher', 'text')
    .addColumn('published_on', 'date')
    .execute()
  await db.schema.createIndex('update_sources_update_idx').on('update_sources').column('update_id').execute()

  await db.schema
    .createTable('incidents')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('occurred_on', 'date', (c) => c.notNull())
    .addColumn('precision', 'text', (c) =>
      c
        .notNull()
        .defaultTo('day')
        .check(sql`precision in ('day', 'month', 'year')`),
    )
    .addColumn('locality', 'text', (c) => c.check(sql`length(locality) <= 200`))
    .addColumn('latitude', 'double precision', (c) => c.check(sql`latitude between -90 and 90`))
    .addColumn('longitude', 'double precision', (c) => c.check(sql`longitude between -180 and 180`))
    .addColumn('freedom', 'text', (c) => c.notNull().check(sql`freedom in ('association', 'assembly', 'expression')`))
    // A violation type or a positive development.
    .addColumn('type_id', 'bigint', (c) => c.notNull().references('taxonomy_terms.id'))
    .addColumn('victim_id', 'bigint', (c) => c.references('taxonomy_terms.id'))
    .addColumn('perpetrator_id', 'bigint', (c) => c.references('taxonomy_terms.id'))
    .addColumn('affected', 'integer', (c) => c.check(sql`affected >= 0`))
    .addColumn('killed', 'integer', (c) => c.check(sql`killed >= 0`))
    .addColumn('injured', 'integer', (c) => c.check(sql`injured >= 0`))
    .addColumn('detained', 'integer', (c) => c.check(sql`detained >= 0`))
    .addColumn('charged', 'integer', (c) => c.check(sql`charged >= 0`))
    .addColumn('sensitivity', 'text', (c) =>
      c
        .notNull()
        .defaultTo('public')
        .check(sql`sensitivity in ('public', 'restricted')`),
    )
    // Names of victims, exact places: staff only, never on a public surface.
    .addColumn('restricted_notes', 'text', (c) => c.check(sql`length(restricted_notes) <= 5000`))
    .execute()
  await db.schema.createIndex('incidents_update_idx').on('incidents').column('update_id').execute()
  await db.schema.createIndex('incidents_type_idx').on('incidents').columns(['type_id', 'occurred_on']).execute()

  await db.schema
    .createTable('update_revisions')
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('saved_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('saved_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    // The whole update as it was saved: text, sources, tags and incidents.
    .addColumn('snapshot', 'jsonb', (c) => c.notNull())
    .addPrimaryKeyConstraint('update_revisions_pk', ['update_id', 'number'])
    .execute()

  await db.schema
    .createTable('update_comments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('body', 'text', (c) => c.notNull().check(sql`length(body) between 1 and 5000`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('update_corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull().check(sql`length(note) between 1 and 2000`))
    .addColumn('corrected_at', 'timestamptz', (c) => c.notNull())
    .execute()

  const audited: [string, string][] = [
    ['taxonomy_terms', 'id'],
    ['updates', 'id'],
    ['update_tags', 'update_id'],
    ['update_sources', 'update_id'],
    ['incidents', 'id'],
    ['update_comments', 'update_id'],
    ['update_corrections', 'update_id'],
  ]
  for (const [table, key] of audited) {
    await sql`
      create trigger ${sql.id(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row_change(${sql.lit(key)}, 'search')`.execute(db)
  }
  for (const table of ['taxonomy_terms', 'updates', 'update_tags', 'update_sources', 'incidents', 'update_corrections', 'organisations']) {
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger organisations_bump_content_version on organisations`.execute(db)
  for (const table of [
    'update_corrections',
    'update_comments',
    'update_revisions',
    'incidents',
    'update_sources',
    'update_tags',
    'updates',
    'taxonomy_terms',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
