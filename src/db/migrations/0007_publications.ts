import { sql, type Kysely } from 'kysely'

/**
 * Publications (press releases, watchlist reports, annual findings, statements) with their
 * language versions, countries, links to rating decisions and updates, attachments and
 * corrections; journalists' accreditation requests; e-mail subscriptions to publications.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('publications')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('press_release', 'watchlist_report', 'annual_findings', 'statement')`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('draft')
        .check(sql`status in ('draft', 'review', 'scheduled', 'published')`),
    )
    .addColumn('embargo_until', 'timestamptz')
    // The IANA zone the embargo was written in; the page shows the time in it.
    .addColumn('embargo_zone', 'text', (c) => c.notNull().defaultTo('UTC'))
    .addColumn('published_at', 'timestamptz')
    .addColumn('watchlist_edition_id', 'bigint', (c) => c.references('watchlist_editions.id'))
    .addColumn('findings_year', 'integer', (c) => c.check(sql`findings_year between 1900 and 2200`))
    .addColumn('created_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('publications_scheduled_embargo', sql`status <> 'scheduled' or embargo_until is not null`)
    .addCheckConstraint('publications_published_at', sql`(status = 'published') = (published_at is not null)`)
    .execute()
  await db.schema
    .createIndex('publications_due_idx')
    .on('publications')
    .column('embargo_until')
    .where(sql.ref('status'), '=', 'scheduled')
    .execute()
  await db.schema.createIndex('publications_published_idx').on('publications').columns(['published_at', 'id']).execute()

  await db.schema
    .createTable('publication_texts')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('publication_id', 'bigint', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'ru', 'es', 'fr', 'ar')`))
    .addColumn('slug', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 120`),
    )
    .addColumn('title', 'text', (c) => c.notNull().check(sql`length(title) between 1 and 300`))
    .addColumn('summary', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(summary) <= 2000`),
    )
    .addColumn('body', 'text', (c) =>
      c
        .notNull()
        .defaultTo('')
        .check(sql`length(body) <= 100000`),
    )
    // [{ "text": "...", "attribution": "..." }]
    .addColumn('quotes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // [{ "name": "...", "role": "...", "email": "...", "phone": "..." }]
    .addColumn('contacts', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addUniqueConstraint('publication_texts_language', ['publication_id', 'language'])
    .execute()

  for (const [table, column, target] of [
    ['publication_countries', 'country_code', 'countries.code'],
    ['publication_decisions', 'decision_id', 'rating_decisions.id'],
    ['publication_updates', 'update_id', 'updates.id'],
  ] as const) {
    await db.schema
      .createTable(table)
      .addColumn('publication_id', 'bigint', (c) => c.notNull().references('publications.id').onDelete('cascade'))
      .addColumn(column, column === 'country_code' ? 'char(3)' : 'bigint', (c) => c.notNull().references(target))
      .addPrimaryKeyConstraint(`${table}_pk`, ['publication_id', column])
      .execute()
  }

  await db.schema
    .createTable('publication_attachments')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('publication_id', 'bigint', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('file_name', 'text', (c) => c.notNull().check(sql`length(file_name) between 1 and 200`))
    .addColumn('media_type', 'text', (c) =>
      c.notNull().check(sql`media_type in ('application/pdf', 'image/png', 'image/jpeg', 'image/webp')`),
    )
    .addColumn('byte_size', 'integer', (c) => c.notNull().check(sql`byte_size > 0`))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('content', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('publication_corrections')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('publication_id', 'bigint', (c) => c.notNull().references('publications.id').onDelete('cascade'))
    .addColumn('note', 'text', (c) => c.notNull().check(sql`length(note) between 1 and 2000`))
    // The texts before the correction: [{ language, title, summary, body, quotes, contacts }]
    .addColumn('before', 'jsonb', (c) => c.notNull())
    .addColumn('corrected_by', 'bigint', (c) => c.notNull().references('users.id'))
    .addColumn('corrected_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('accreditations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('outlet', 'text', (c) => c.notNull().check(sql`length(outlet) between 1 and 200`))
    .addColumn('email', 'text', (c) => c.notNull().check(sql`length(email) between 3 and 254 and email = lower(email)`))
    .addColumn('reason', 'text', (c) => c.notNull().check(sql`length(reason) between 1 and 4000`))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'approved', 'refused')`),
    )
    .addColumn('user_id', 'bigint', (c) => c.references('users.id'))
    .addColumn('decided_by', 'bigint', (c) => c.references('users.id'))
    .addColumn('decided_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()
  await sql`create unique index accreditations_one_pending on accreditations (email) where status = 'pending'`.execute(db)

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`length(email) between 3 and 254 and email = lower(email)`),
    )
    .addColumn('language', 'text', (c) => c.notNull().check(sql`language in ('en', 'ru', 'es', 'fr', 'ar')`))
    // Empty means every country / every kind.
    .addColumn('countries', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('kinds', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    // The capability in every e-mail's manage and unsubscribe link (random, 32 bytes, base64url).
    .addColumn('token', 'text', (c) => c.notNull().unique())
    .addColumn('confirmed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  // Extra headers of a message, such as List-Unsubscribe on subscribers' e-mails.
  await db.schema
    .alterTable('outbox')
    .addColumn('headers', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute()

  const audited: [string, string, ...string[]][] = [
    ['publications', 'id'],
    ['publication_texts', 'publication_id'],
    ['publication_countries', 'publication_id'],
    ['publication_decisions', 'publication_id'],
    ['publication_updates', 'publication_id'],
    ['publication_attachments', 'publication_id', 'content'],
    ['publication_corrections', 'publication_id'],
    ['accreditations', 'id'],
    ['subscriptions', 'id', 'token', 'email'],
  ]
  for (const [table, key, ...left] of audited) {
    const args = sql.join([key, ...left].map((name) => sql.lit(name)))
    await sql`
      create trigger ${sql.id(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row_change(${args})`.execute(db)
  }
  for (const table of [
    'publications',
    'publication_texts',
    'publication_countries',
    'publication_attachments',
    'publication_corrections',
  ]) {
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').dropColumn('headers').execute()
  for (const table of [
    'subscriptions',
    'accreditations',
    'publication_corrections',
    'publication_attachments',
    'publication_updates',
    'publication_decisions',
    'publication_countries',
    'publication_texts',
    'publications',
  ]) {
    await db.schema.dropTable(table).execute()
  }
}
