import type { Kysely, Transaction } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB, PublicationKind } from '../../db/schema.js'
import { localePrefix, translator, type Locale } from '../../lib/i18n.js'
import { newToken } from '../../lib/secrets.js'
import { enqueueMail } from '../mail/outbox.js'
import type { Preferences } from './subscription-form.js'

/**
 * E-mail subscriptions with double opt-in. Subscribing never tells whether an address is already
 * on the list: a new address gets an unconfirmed row and a confirmation link; a known one keeps
 * its preferences (someone else may be typing it) and gets its manage link. The random token in
 * every link is the only key to a subscription: it confirms, changes and ends it.
 */
export interface Subscription {
  id: number
  email: string
  language: Locale
  countries: string[]
  kinds: PublicationKind[]
  token: string
  confirmed: boolean
}

/** The address of a subscription's page, in its language. */
export function manageLink(publicUrl: string, subscription: { token: string; language: Locale }): string {
  return `${publicUrl}${localePrefix(subscription.language)}/subscriptions/${subscription.token}`
}

export async function findSubscription(db: Kysely<DB>, token: string): Promise<Subscription | null> {
  const row = await db
    .selectFrom('subscriptions')
    .select(['id', 'email', 'language', 'countries', 'kinds', 'token', 'confirmed_at'])
    .where('token', '=', token)
    .executeTakeFirst()
  if (!row) return null
  const { confirmed_at, ...rest } = row
  return { ...rest, confirmed: confirmed_at !== null }
}

/**
 * Adds an address, or re-sends a known address its manage link. `mayMail` is asked once per
 * address (a limit on how often one mailbox can be written to); when it says no, nothing happens.
 */
export async function subscribe(
  db: Kysely<DB>,
  email: string,
  preferences: Preferences,
  context: { actor: Actor; publicUrl: string; mayMail: (email: string) => boolean },
): Promise<void> {
  if (!context.mayMail(email)) return
  await withActor(db, context.actor, async (trx) => {
    const created = await trx
      .insertInto('subscriptions')
      .values({ email, token: newToken(), ...preferences })
      .onConflict((oc) => oc.column('email').doNothing())
      .returning(['token', 'language'])
      .executeTakeFirst()
    if (created) return enqueueMail(trx, confirmationMail(email, manageLink(context.publicUrl, created), created.language))
    const known = await trx.selectFrom('subscriptions').select(['token', 'language']).where('email', '=', email).executeTakeFirstOrThrow()
    return enqueueMail(trx, reminderMail(email, manageLink(context.publicUrl, known), known.language))
  })
}

/** Confirms an unconfirmed subscription; false when the token is unknown. */
export function confirmSubscription(db: Kysely<DB>, token: string, context: { actor: Actor; now: Date }): Promise<boolean> {
  return withActor(db, context.actor, async (trx) => {
    await trx
      .updateTable('subscriptions')
      .set({ confirmed_at: context.now })
      .where('token', '=', token)
      .where('confirmed_at', 'is', null)
      .execute()
    return exists(trx, token)
  })
}

/** Changes what a subscription receives; false when the token is unknown. */
export function savePreferences(db: Kysely<DB>, token: string, preferences: Preferences, actor: Actor): Promise<boolean> {
  return withActor(db, actor, async (trx) => {
    const result = await trx.updateTable('subscriptions').set(preferences).where('token', '=', token).executeTakeFirst()
    return Number(result.numUpdatedRows) === 1
  })
}

/** Deletes the subscription (nothing of it is kept for sending); false when the token is unknown. */
export function unsubscribe(db: Kysely<DB>, token: string, actor: Actor): Promise<boolean> {
  return withActor(db, actor, async (trx) => {
    const result = await trx.deleteFrom('subscriptions').where('token', '=', token).executeTakeFirst()
    return Number(result.numDeletedRows) === 1
  })
}

async function exists(trx: Transaction<DB>, token: string): Promise<boolean> {
  return (await trx.selectFrom('subscriptions').select('id').where('token', '=', token).executeTakeFirst()) !== undefined
}

function confirmationMail(to: string, link: string, language: Locale) {
  const t = translator(language)
  return {
    to,
    subject: t('subscription.mail.confirmSubject'),
    body: [t('subscription.mail.confirm'), '', link, '', t('subscription.mail.confirmIgnore')].join('\n'),
  }
}

function reminderMail(to: string, link: string, language: Locale) {
  const t = translator(language)
  return {
    to,
    subject: t('subscription.mail.manageSubject'),
    body: [t('subscription.mail.manage'), '', link, '', t('subscription.mail.manageIgnore')].join('\n'),
  }
}
