import { sql, type Kysely } from 'kysely'

/**
 * A second authenticator being enrolled: kept apart from the one in use until the user proves
 * it works with a code, and, like every secret, never copied into the audit log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('totp_pending_secret', 'text').execute()
  await sql`drop trigger users_audit on users`.execute(db)
  await sql`
    create trigger users_audit after insert or update or delete on users
    for each row execute function audit_row_change('id', 'password_hash', 'totp_secret', 'totp_last_step', 'totp_pending_secret')`.execute(
    db,
  )
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger users_audit on users`.execute(db)
  await db.schema.alterTable('users').dropColumn('totp_pending_secret').execute()
  await sql`
    create trigger users_audit after insert or update or delete on users
    for each row execute function audit_row_change('id', 'password_hash', 'totp_secret', 'totp_last_step')`.execute(db)
}
