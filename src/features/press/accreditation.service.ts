import type { Kysely, Transaction } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import type { Locale, MessageKey } from '../../lib/i18n.js'
import { inviteUser } from '../accounts/setup.service.js'
import { endAllSessions } from '../accounts/sessions.js'
import { enqueueMail } from '../mail/outbox.js'
import type { AccreditationRequest } from './accreditation.form.js'
import { accessMail, invitationMail, receivedMail, refusalMail } from './accreditation.mail.js'
import { isHttpError, notFound, refused } from '../../lib/errors.js'

/**
 * Journalists ask for accreditation; editors approve or refuse it, and may revoke it later.
 * Approving gives the `journalist` role: to the existing account with that address (whose
 * sessions end, so the role arrives only with a fresh sign-in), or to a new account through the
 * usual invitation and set-up link (journalists need no second factor). Each decision, its
 * role change and its e-mail are one transaction; deciding anything but a pending request
 * changes nothing. Revocation is recorded as status 'refused' with a new decided_at (the status
 * check has no 'revoked').
 */
export type Decision = 'approve' | 'refuse'

const refusedFor = (message: MessageKey) => refused({ field: 'accreditations', message })
const missing = () => notFound('accreditation request')
const notPending = () => refusedFor('accreditation.problem.notPending')

export interface DecisionContext {
  actor: Actor
  /** The deciding editor. */
  userId: number
  now: Date
  publicUrl: string
}

/**
 * Records a request and acknowledges it by e-mail. While a request for the address is pending,
 * another is neither stored nor acknowledged (the unique index decides, even under a race); the
 * caller answers the same either way. Returns whether a request was stored.
 */
export function requestAccreditation(
  db: Kysely<DB>,
  request: AccreditationRequest,
  context: { actor: Actor; language: Locale },
): Promise<boolean> {
  return withActor(db, context.actor, async (trx) => {
    const created = await trx
      .insertInto('accreditations')
      .values({ name: request.name, outlet: request.outlet, email: request.email, reason: request.reason, language: context.language })
      .onConflict((oc) => oc.column('email').where('status', '=', 'pending').doNothing())
      .returning('id')
      .executeTakeFirst()
    if (!created) return false
    await enqueueMail(trx, receivedMail(context.language, request.email, request.name))
    return true
  })
}

export async function decideAccreditation(db: Kysely<DB>, id: number, decision: Decision, context: DecisionContext): Promise<void> {
  const request = await db
    .selectFrom('accreditations')
    .select(['id', 'name', 'email', 'status', 'language'])
    .where('id', '=', id)
    .executeTakeFirst()
  if (!request) throw missing()
  if (request.status !== 'pending') throw notPending()
  if (decision === 'refuse')
    return withActor(db, context.actor, async (trx) => {
      await markDecided(trx, id, 'refused', context, null)
      await enqueueMail(trx, refusalMail(request.language, request.email, request.name))
    })

  const account = await db.selectFrom('users').select(['id', 'status']).where('email', '=', request.email).executeTakeFirst()
  if (account?.status === 'disabled') throw refusedFor('accreditation.problem.disabledAccount')
  // Anyone can type any address: a staff account's roles are an administrator's business (/admin/users),
  // never a side effect of a press request, and its sessions are not ended by one.
  if (
    account &&
    (await db
      .selectFrom('user_roles')
      .select('role')
      .where('user_id', '=', account.id)
      .where('role', '!=', 'journalist')
      .executeTakeFirst())
  )
    throw refusedFor('accreditation.problem.staffAccount')
  if (account?.status === 'active')
    return withActor(db, context.actor, async (trx) => {
      await markDecided(trx, id, 'approved', context, account.id)
      await grantJournalist(trx, account.id)
      await endAllSessions(trx, account.id)
      await enqueueMail(trx, accessMail(request.language, context.publicUrl, request.email, request.name))
    })

  try {
    // A new account, or one invited earlier and not set up yet (inviteUser then issues a fresh link).
    await inviteUser(
      db,
      { email: request.email, displayName: request.name, roles: ['journalist'] },
      {
        actor: context.actor,
        now: context.now,
        notify: async (trx, token) => {
          const user = await trx.selectFrom('users').select('id').where('email', '=', request.email).executeTakeFirstOrThrow()
          await grantJournalist(trx, user.id)
          await markDecided(trx, id, 'approved', context, user.id)
          await enqueueMail(trx, invitationMail(request.language, context.publicUrl, request.email, request.name, token))
        },
      },
    )
  } catch (error) {
    // The account was set up between the look-up and the invitation: it is now an existing account.
    if (isHttpError(error, 'duplicate_email')) return decideAccreditation(db, id, decision, context)
    throw error
  }
}

/** Takes the press-room role back from the journalist of an approved accreditation and ends their sessions. */
export function revokeAccreditation(db: Kysely<DB>, id: number, context: DecisionContext): Promise<void> {
  return withActor(db, context.actor, async (trx) => {
    const revoked = await trx
      .updateTable('accreditations')
      .set({ status: 'revoked', decided_by: context.userId, decided_at: context.now })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .returning('user_id')
      .executeTakeFirst()
    if (!revoked) {
      const exists = await trx.selectFrom('accreditations').select('id').where('id', '=', id).executeTakeFirst()
      throw exists ? refusedFor('accreditation.problem.notApproved') : missing()
    }
    if (revoked.user_id === null) return
    // Another approved accreditation of the same account still gives access.
    const other = await trx
      .selectFrom('accreditations')
      .select('id')
      .where('user_id', '=', revoked.user_id)
      .where('status', '=', 'approved')
      .executeTakeFirst()
    if (other) return
    await trx.deleteFrom('user_roles').where('user_id', '=', revoked.user_id).where('role', '=', 'journalist').execute()
    await endAllSessions(trx, revoked.user_id)
  })
}

/** Only a pending request is decided: a second decision (a double click, another editor) throws and rolls back. */
async function markDecided(
  trx: Transaction<DB>,
  id: number,
  status: 'approved' | 'refused',
  context: DecisionContext,
  userId: number | null,
): Promise<void> {
  const result = await trx
    .updateTable('accreditations')
    .set({ status, decided_by: context.userId, decided_at: context.now, ...(userId === null ? {} : { user_id: userId }) })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) throw notPending()
}

async function grantJournalist(trx: Transaction<DB>, userId: number): Promise<void> {
  await trx
    .insertInto('user_roles')
    .values({ user_id: userId, role: 'journalist' })
    .onConflict((oc) => oc.columns(['user_id', 'role']).doNothing())
    .execute()
}
