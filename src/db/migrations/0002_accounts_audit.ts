import { sql, type Kysely } from 'kysely'

/**
 * Accounts (organisations, users, roles, sessions, one-time tokens, recovery codes, API tokens)
 * and the audit log. The audit log is written by a trigger on every audited table, with the
 * actor and IP that the writing transaction declared (src/db/audit.ts), and the database
 * refuses to change or delete what it holds. Secret columns never reach it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 200`))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('credited', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('users')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`email = lower(email) and length(email) <= 254`),
    )
    .addColumn('display_name', 'text', (c) => c.notNull().check(sql`length(display_name) between 1 and 120`))
    .addColumn('organisation_id', 'bigint', (c) => c.references('organisations.id'))
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('invited')
        .check(sql`status in ('invited', 'active', 'disabled')`),
    )
    .addColumn('password_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_last_step', 'bigint')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('user_roles')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('researcher', 'editor', 'panelist', 'admin', 'journalist')`))
    .addPrimaryKeyConstraint('user_roles_pk', ['user_id', 'role'])
    .execute()

  await db.schema
    .createTable('researcher_countries')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('country_code', 'char(3)', (c) => c.notNull().references('countries.code'))
    .addPrimaryKeyConstraint('researcher_countries_pk', ['user_id', 'country_code'])
    .execute()

  // Tokens and session ids are stored as SHA-256 hashes: a copy of the database signs nobody in.
  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    // The synchronizer token every state-changing form and cookie API call must echo.
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute()

  await db.schema
    .createTable('account_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull().check(sql`purpose in ('setup', 'reset')`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute()

  await db.schema
    .createTable('recovery_codes')
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .addPrimaryKeyConstraint('recovery_codes_pk', ['user_id', 'code_hash'])
    .execute()

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    // The roles the token may act with: a subset of its owner's roles at the time of use.
    .addColumn('roles', sql`text[]`, (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_used_at', 'timestamptz')
    .addColumn('revoked_at', 'timestamptz')
    .execute()

  // Failed sign-ins per key ('email:…' or 'ip:…'), whether or not the account exists.
  await db.schema
    .createTable('sign_in_failures')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'timestamptz', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('sent_at', 'timestamptz')
    .addColumn('last_error', 'text')
    .execute()
  await db.schema.createIndex('outbox_due_idx').on('outbox').column('next_attempt_at').where(sql.ref('sent_at'), 'is', null).execute()

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`clock_timestamp()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('subject_key', 'text')
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .execute()
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute()
  await db.schema.createIndex('audit_log_subject_idx').on('audit_log').columns(['subject', 'subject_key']).execute()

  await sql`
    create function audit_log_is_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only: % is not allowed', tg_op;
    end $$`.execute(db)
  await sql`
    create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function audit_log_is_append_only()`.execute(db)
  await sql`
    create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_is_append_only()`.execute(db)

  // tg_argv[0] names the key column; the other arguments are columns never to copy (secrets).
  await sql`
    create function audit_row_change() returns trigger language plpgsql as $$
    declare
      secret text[] := tg_argv[1:];
      old_row jsonb := case when tg_op in ('UPDATE', 'DELETE') then to_jsonb(old) - secret end;
      new_row jsonb := case when tg_op in ('INSERT', 'UPDATE') then to_jsonb(new) - secret end;
    begin
      if tg_op = 'UPDATE' and old_row = new_row then return null; end if;
      insert into audit_log (actor, ip, action, subject, subject_key, before, after)
      values (
        coalesce(nullif(current_setting('civic.actor', true), ''), 'system'),
        nullif(current_setting('civic.ip', true), ''),
        lower(tg_op), tg_table_name,
        coalesce(new_row, old_row) ->> tg_argv[0],
        old_row, new_row);
      return null;
    end $$`.execute(db)
  const audited: [string, string, ...string[]][] = [
    ['countries', 'code'],
    ['ratings', 'id'],
    ['organisations', 'id'],
    ['users', 'id', 'password_hash', 'totp_secret', 'totp_last_step'],
    ['user_roles', 'user_id'],
    ['researcher_countries', 'user_id'],
    ['api_tokens', 'id', 'token_hash'],
  ]
  for (const [table, key, ...secret] of audited) {
    const args = sql.join([key, ...secret].map((name) => sql.lit(name)))
    await sql`
      create trigger ${sql.id(`${table}_audit`)} after insert or update or delete on ${sql.table(table)}
      for each row execute function audit_row_change(${args})`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['countries', 'ratings']) await sql`drop trigger ${sql.id(`${table}_audit`)} on ${sql.table(table)}`.execute(db)
  for (const table of [
    'outbox',
    'sign_in_failures',
    'audit_log',
    'api_tokens',
    'recovery_codes',
    'account_tokens',
    'sessions',
    'researcher_countries',
    'user_roles',
    'users',
    'organisations',
  ]) {
    await db.schema.dropTable(table).execute()
  }
  await sql`drop function audit_row_change()`.execute(db)
  await sql`drop function audit_log_is_append_only()`.execute(db)
}
