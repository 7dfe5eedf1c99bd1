import { sql, type Kysely } from 'kysely'

/**
 * Accreditation requests remember the language they were written in (the decision is e-mailed in
 * it), and a withdrawn accreditation is 'revoked' rather than recorded as refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('accreditations')
    .addColumn('language', 'text', (c) =>
      c
        .notNull()
        .defaultTo('en')
        .check(sql`language in ('en', 'ru', 'es', 'fr', 'ar')`),
    )
    .execute()
  await sql`alter table accreditations drop constraint accreditations_status_check`.execute(db)
  await sql`alter table accreditations add constraint accreditations_status_check
    check (status in ('pending', 'approved', 'refused', 'revoked'))`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`update accreditations set status = 'refused' where status = 'revoked'`.execute(db)
  await sql`alter table accreditations drop constraint accreditations_status_check`.execute(db)
  await sql`alter table accreditations add constraint accreditations_status_check
    check (status in ('pending', 'approved', 'refused'))`.execute(db)
  await db.schema.alterTable('accreditations').dropColumn('language').execute()
}
