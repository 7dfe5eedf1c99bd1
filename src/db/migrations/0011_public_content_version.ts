import { sql, type Kysely } from 'kysely'

/**
 * The content version (migration 0001) changes only when something the public can see changes,
 * once per transaction, and tells every listening process (`NOTIFY content_version, '<version>'`,
 * delivered at commit). Before, every write to a table with public rows bumped it, drafts
 * included: the caches of every instance emptied on a draft save, and the changing version let an
 * observer time back-office activity.
 *
 * Tables whose rows are all public (countries, ratings, taxonomy, organisations, indicator values,
 * assessments, which feed computed scores) keep a trigger per statement. Tables with a status, and
 * the rows that belong to them, get a trigger per row that bumps only when the row (or its parent)
 * is, or was, in a public status.
 */
/** Each table with private rows, and what makes a row public: `column=value`, any of them. */
const SHOWN_WHEN: [table: string, conditions: string[]][] = [
  ['updates', ['status=published', 'status=withdrawn']],
  // A decision still with the panel shows as "Rating under review" on its country's page once flagged.
  ['rating_decisions', ['status=published', 'under_review=true']],
  ['methodology_versions', ['status=published']],
  ['watchlist_editions', ['status=published']],
  ['publications', ['status=published', 'status=withdrawn']],
]
/** Rows that belong to one of those: public when their parent is. */
const CHILDREN: [table: string, parent: string, key: string][] = [
  ['update_tags', 'updates', 'update_id'],
  ['update_sources', 'updates', 'update_id'],
  ['incidents', 'updates', 'update_id'],
  ['update_corrections', 'updates', 'update_id'],
  ['decision_evidence', 'rating_decisions', 'decision_id'],
  ['watchlist_entries', 'watchlist_editions', 'edition_id'],
  ['publication_texts', 'publications', 'publication_id'],
  ['publication_countries', 'publications', 'publication_id'],
  ['publication_attachments', 'publications', 'publication_id'],
  ['publication_corrections', 'publications', 'publication_id'],
]
const shownWhen = (parent: string) => SHOWN_WHEN.find(([table]) => table === parent)![1]

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function note_public_change() returns void language plpgsql as $$
    declare
      bumped bigint;
    begin
      if current_setting('civic.public_change', true) is distinct from 'noted' then
        update content_version set version = version + 1 where id = 1 returning version into bumped;
        perform set_config('civic.public_change', 'noted', true);
        perform pg_notify('content_version', bumped::text);
      end if;
    end $$`.execute(db)
  await sql`
    create or replace function bump_content_version() returns trigger language plpgsql as $$
    begin
      perform note_public_change();
      return null;
    end $$`.execute(db)
  // Arguments: the parent table and the column naming the parent ('' and '' for the row itself),
  // then the conditions that make a row public, as column=value.
  await sql`
    create function bump_content_version_if_public() returns trigger language plpgsql as $$
    declare
      after_row jsonb := case when tg_op <> 'DELETE' then to_jsonb(new) end;
      before_row jsonb := case when tg_op <> 'INSERT' then to_jsonb(old) end;
      conditions text[] := tg_argv[2:];
      shown boolean := false;
      condition text;
    begin
      if tg_argv[0] = '' then
        foreach condition in array conditions loop
          shown := shown
            or coalesce(after_row ->> split_part(condition, '=', 1) = split_part(condition, '=', 2), false)
            or coalesce(before_row ->> split_part(condition, '=', 1) = split_part(condition, '=', 2), false);
        end loop;
      else
        execute format('select exists (select 1 from %I where id = any ($1) and (%s))', tg_argv[0],
            (select string_agg(format('%I::text = %L', split_part(c, '=', 1), split_part(c, '=', 2)), ' or ')
             from unnest(conditions) c))
          into shown
          using array[(after_row ->> tg_argv[1])::bigint, (before_row ->> tg_argv[1])::bigint];
      end if;
      if shown then
        perform note_public_change();
      end if;
      return null;
    end $$`.execute(db)
  const gated = [
    ...SHOWN_WHEN.map(([table, conditions]) => [table, ['', '', ...conditions]] as const),
    ...CHILDREN.map(([table, parent, key]) => [table, [parent, key, ...shownWhen(parent)]] as const),
  ]
  for (const [table, args] of gated) {
    await sql`drop trigger ${sql.id(`${table}_bump_content_version`)} on ${sql.table(table)}`.execute(db)
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete on ${sql.table(table)}
      for each row execute function bump_content_version_if_public(${sql.join(args.map((arg) => sql.lit(arg)))})`.execute(db)
    await sql`
      create trigger ${sql.id(`${table}_truncate_bumps_content_version`)}
      after truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...SHOWN_WHEN.map(([t]) => t), ...CHILDREN.map(([t]) => t)]) {
    await sql`drop trigger ${sql.id(`${table}_truncate_bumps_content_version`)} on ${sql.table(table)}`.execute(db)
    await sql`drop trigger ${sql.id(`${table}_bump_content_version`)} on ${sql.table(table)}`.execute(db)
    await sql`
      create trigger ${sql.id(`${table}_bump_content_version`)}
      after insert or update or delete or truncate on ${sql.table(table)}
      for each statement execute function bump_content_version()`.execute(db)
  }
  await sql`drop function bump_content_version_if_public()`.execute(db)
  await sql`
    create or replace function bump_content_version() returns trigger language plpgsql as $$
    begin
      update content_version set version = version + 1 where id = 1;
      return null;
    end $$`.execute(db)
  await sql`drop function note_public_change()`.execute(db)
}
