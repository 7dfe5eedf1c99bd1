import { sql, type Kysely } from 'kysely'

/**
 * The rating machinery: methodology versions, third-party indicator values, researchers' and
 * partners' assessments, rating decisions with their evidence and panel votes, and watchlist
 * editions. A published rating now records the decision that created it. Category bands belong
 * to the methodology version, so the fixed band check on ratings gives way to the application's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('methodology_versions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('label', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`length(label) between 1 and 40`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'published')`),
    )
    // Indicators, rebasing, weights, bands, incident signal and quorum rule (methodology.ts).
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('notes', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(notes) <= 20000`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('published_at', 'timestamptz')
    .addCheckConstraint('methodology_published_at', sql`(status = 'published') = (published_at is not null)`)
    .execute()
  // Published versions are immutable: the database refuses to change or delete them.
  await sql`
    create function methodology_immutable() returns trigger language plpgsql as $$
    begin
      if old.status = 'published' then
        raise exception 'methodology version % is published and cannot change', old.label;
      end if;
      return case when tg_op = 'DELETE' then old else new end;
    end $$`.execute(db)
  await sql`
    create trigger methodology_immutable before update or delete on methodology_versions
    for each row execute function methodology_immutable()`.execute(db)

  await db.schema
    .createTable('indicator_values')
    .addColumn('indicator', 'text', (c) => c.notNull().check(sql`indicator ~ '^[a-z0-9_]{1,40}$'`))
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addColumn('year', 'integer', (c) => c.notNull().check(sql`year between 1900 and 2200`))
    .addColumn('value', 'double precision', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_values_pk', ['indicator', 'country_code', 'year'])
    .execute()

  await db.schema
    .createTable('assessments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    // analysis: researchers' coded assessment of reports; partner: research partners' judgement.
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('analysis', 'partner')`))
    .addColumn('period_start', 'date', (c) => c.notNull())
    .addColumn('period_end', 'date', (c) => c.notNull())
    .addColumn('association', 'smallint', (c) => c.check(sql`association between 1 and 100`))
    .addColumn('assembly', 'smallint', (c) => c.check(sql`assembly between 1 and 100`))
    .addColumn('expression', 'smallint', (c) => c.check(sql`expression between 1 and 100`))
    .addColumn('trend', 'text', (c) => c.notNull().check(sql`trend in ('declining', 'stable', 'improving')`))
    .addColumn('justification', 'text', (c) => c.notNull().check(sql`length(justification) between 1 and 10000`))
    .addColumn('author_id', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('assessments_period', sql`period_end >= period_start`)
    .addCheckConstraint('assessments_some_score', sql`coalesce(association, assembly, expression) is not null`)
    .execute()
  await db.schema.createIndex('assessments_country_idx').on('assessments').columns(['country_code', 'kind', 'period_end']).execute()

  await db.schema
    .createTable('rating_decisions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'panel_review', 'approved', 'rejected', 'scheduled', 'published')`),
    )
    .addColumn('from_category', 'text')
    .addColumn('from_score', 'smallint')
    .addColumn('to_category', 'text', (c) =>
      c.notNull().check(sql`to_category in ('open', 'narrowed', 'obstructed', 'repressed', 'closed')`),
    )
    .addColumn('to_score', 'smallint', (c) => c.notNull().check(sql`to_score between 1 and 100`))
    // {"en": "...", "ru": "..."}: at least one language.
    .addColumn('rationale', 'jsonb', (c) => c.notNull().check(sql`jsonb_typeof(rationale) = 'object' and rationale <> '{}'::jsonb`))
    .addColumn('methodology_id', 'bigint', (c) => c.notNull().references('methodology_versions.id'))
    // The engine's breakdown when the decision went to the panel (or was last saved as a draft).
    .addColumn('breakdown', 'jsonb')
    .addColumn('quorum', 'jsonb', (c) => c.notNull())
    // The public sees "rating under review" while this decision is pending.
    .addColumn('under_review', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('embargo_until', 'timestamptz')
    .addColumn('published_at', 'timestamptz')
    .addColumn('rating_id', 'bigint', (c) => c.references('ratings.id'))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('rating_decisions_embargo', sql`status not in ('scheduled', 'published') or embargo_until is not null`)
    .execute()
  await db.schema.createIndex('rating_decisions_status_idx').on('rating_decisions').columns(['status', 'embargo_until']).execute()

  await db.schema
    .createTable('decision_evidence')
    .addColumn('decision_id', 'bigint', (c) => c.notNull().references('rating_decisions.id').onDelete('cascade'))
    .addColumn('update_id', 'bigint', (c) => c.notNull().references('updates.id'))
    .addPrimaryKeyConstraint('decision_evidence_pk', ['decision_id', 'update_id'])
    .execute()

  await db.schema
    .createTable('decision_votes')
    .addColumn('decision_id', 'bigint', (c) => c.notNull().references('rating_decisions.id').onDelete('cascade'))
    .addColumn('panelist_id', 'bigint', (c) => c.notNull().references('users.id'))
    // null with a conflict declared: that panelist does not vote.
    .addColumn('vote', 'text', (c) => c.check(sql`vote in ('approve', 'reject', 'abstain')`))
    .addColumn('conflict', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('comment', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(comment) <= 5000`),
    )
    .addColumn('voted_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_votes_pk', ['decision_id', 'panelist_id'])
    .addCheckConstraint('decision_votes_conflict', sql`(conflict and vote is null) or (not conflict and vote is not null)`)
    .execute()

  await db.schema
    .createTable('watchlist_editions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 200`))
    .addColumn('edition_date', 'date', (c) => c.notNull())
    .addColumn('introduction', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(introduction) <= 20000`),
    )
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'published')`),
    )
    .addColumn('published_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await db.schema
    .createTable('watchlist_entries')
    .addColumn('edition_id', 'bigint', (c) => c.notNull().references('watchlist_editions.id').onDelete('cascade'))
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull().check(sql`length(rationale) between 1 and 10000`))
    .addPrimaryKeyConstraint('watchlist_entries_pk', ['edition_id', 'country_code'])
    .execute()

  await db.schema
    .alterTable('ratings')
    .addColumn('decision_id', 'bigint', (c) => c.references('rating_decisions.id'))
    .execute()
  await sql`alter table ratings drop constraint ratings_score_in_band`.execute(db)

  const audited: [string, string][] = [
    ['methodology_versions', 'id'],
    ['assessments', 'id'],
    ['rating_decisions', 'id'],
    ['decision_evidence', 'decision_id'],
    ['decision_votes', 'decision_id'],
    ['watchlist_editions', 'id'],
    ['watchlist_entries', 'edition_id'],
  ]
  for (const [table, key] of audited) {
    await sql`
      create trigger ${sql.id(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row_change(${sql.lit(key)})`.execute(db)
  }
  for (const table of [
    'methodology_versions',
    'indicator_values',
    'assessments',
    'rating_decisions',
    'decision_evidence',
    'watchlist_editions',
    'watchlist_entries',
  ]) {
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('ratings').dropColumn('decision_id').execute()
  for (const table of [
    'watchlist_entries',
    'watchlist_editions',
    'decision_votes',
    'decision_evidence',
    'rating_decisions',
    'assessments',
    'indicator_values',
    'methodology_versions',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await sql`drop function methodology_immutable()`.execute(db)
}
