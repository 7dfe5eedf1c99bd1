import { sql, type Kysely } from 'kysely'

/**
 * A published publication can be withdrawn: it stays at its address, marked, with the date and
 * the reason ('withdrawn', `withdrawn_at`, `withdrawn_reason`). An e-mail in the outbox names
 * the publication it announces (`publication_id`), so editors see a mailing's progress, and a
 * withdrawal cancels what is not sent yet (`cancelled_at`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('publications')
    .addColumn('withdrawn_at', 'timestamptz')
    .addColumn('withdrawn_reason', 'text', (c) => c.check(sql`length(withdrawn_reason) between 1 and 2000`))
    .execute()
  await sql`alter table publications drop constraint publications_status_check`.execute(db)
  await sql`alter table publications add constraint publications_status_check
    check (status in ('draft', 'review', 'scheduled', 'published', 'withdrawn'))`.execute(db)
  await sql`alter table publications drop constraint publications_published_at`.execute(db)
  await sql`alter table publications add constraint publications_published_at
    check ((status in ('published', 'withdrawn')) = (published_at is not null))`.execute(db)
  await sql`alter table publications add constraint publications_withdrawn
    check ((status = 'withdrawn') = (withdrawn_at is not null and withdrawn_reason is not null))`.execute(db)

  await db.schema
    .alterTable('outbox')
    .addColumn('publication_id', 'bigint', (c) => c.references('publications.id').onDelete('set null'))
    .addColumn('cancelled_at', 'timestamptz')
    .execute()
  await db.schema
    .createIndex('outbox_publication_idx')
    .on('outbox')
    .column('publication_id')
    .where('publication_id', 'is not', null)
    .execute()
  // Cancelled messages are never due.
  await db.schema.dropIndex('outbox_due_idx').execute()
  await sql`create index outbox_due_idx on outbox (next_attempt_at) where sent_at is null and cancelled_at is null`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_due_idx').execute()
  await sql`create index outbox_due_idx on outbox (next_attempt_at) where sent_at is null`.execute(db)
  await db.schema.dropIndex('outbox_publication_idx').execute()
  await db.schema.alterTable('outbox').dropColumn('cancelled_at').dropColumn('publication_id').execute()
  await sql`update publications set status = 'published' where status = 'withdrawn'`.execute(db)
  await sql`alter table publications drop constraint publications_withdrawn`.execute(db)
  await sql`alter table publications drop constraint publications_published_at`.execute(db)
  await sql`alter table publications add constraint publications_published_at
    check ((status = 'published') = (published_at is not null))`.execute(db)
  await sql`alter table publications drop constraint publications_status_check`.execute(db)
  await sql`alter table publications add constraint publications_status_check
    check (status in ('draft', 'review', 'scheduled', 'published'))`.execute(db)
  await db.schema.alterTable('publications').dropColumn('withdrawn_reason').dropColumn('withdrawn_at').execute()
}
