import { sql, type Kysely } from 'kysely'

/**
 * Using an API token records when (api_tokens.last_used_at); that is bookkeeping, not a change
 * anyone made, and it wrote an audit row per API request. The audit trigger now leaves the column
 * out, so a use alone logs nothing, while creating and revoking a token are still audited.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger api_tokens_audit on api_tokens`.execute(db)
  await sql`
    create trigger api_tokens_audit after insert or update or delete on api_tokens
    for each row execute function audit_row_change('id', 'token_hash', 'last_used_at')`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger api_tokens_audit on api_tokens`.execute(db)
  await sql`
    create trigger api_tokens_audit after insert or update or delete on api_tokens
    for each row execute function audit_row_change('id', 'token_hash')`.execute(db)
}
