import type { Kysely, Transaction } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB } from '../../db/schema.js'
import { notFound, refused } from '../../lib/errors.js'
import type { EditionForm, EntryForm } from './watchlist-form.js'

/**
 * Writes of watchlist editions. Every change to an edition or its countries first locks the
 * edition row and checks it is still a draft: a published edition is read-only, whatever
 * another request did a moment before.
 */
export const editionMissing = () => notFound('watchlist edition')
export const editionPublished = () => refused({ field: 'read-only', message: 'watchlist.problem.published' })
const entryMissing = () => notFound('country on this watchlist edition')
const editionEmpty = () => refused({ field: 'add-entry', message: 'watchlist.problem.empty' }, 422)

async function lockDraft(trx: Transaction<DB>, id: number): Promise<void> {
  const row = await trx.selectFrom('watchlist_editions').select('status').where('id', '=', id).forUpdate().executeTakeFirst()
  if (!row) throw editionMissing()
  if (row.status !== 'draft') throw editionPublished()
}

function onDraft<T>(db: Kysely<DB>, id: number, actor: Actor, work: (trx: Transaction<DB>) => Promise<T>): Promise<T> {
  return withActor(db, actor, async (trx) => {
    await lockDraft(trx, id)
    return work(trx)
  })
}

/** The same for a change to one country's entry, which must be on the edition. */
function onEntry(db: Kysely<DB>, id: number, code: string, actor: Actor, work: (trx: Transaction<DB>) => Promise<void>): Promise<void> {
  return onDraft(db, id, actor, async (trx) => {
    const entry = await trx
      .selectFrom('watchlist_entries')
      .select('country_code')
      .where('edition_id', '=', id)
      .where('country_code', '=', code)
      .executeTakeFirst()
    if (!entry) throw entryMissing()
    await work(trx)
  })
}

export async function createEdition(db: Kysely<DB>, edition: EditionForm, actor: Actor): Promise<number> {
  return withActor(db, actor, async (trx) => {
    const row = await trx
      .insertInto('watchlist_editions')
      .values({ title: edition.title, edition_date: edition.editionDate, introduction: edition.introduction })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id
  })
}

export function saveEdition(db: Kysely<DB>, id: number, edition: EditionForm, actor: Actor): Promise<void> {
  return onDraft(db, id, actor, async (trx) => {
    await trx
      .updateTable('watchlist_editions')
      .set({ title: edition.title, edition_date: edition.editionDate, introduction: edition.introduction })
      .where('id', '=', id)
      .execute()
  })
}

/** Adds a country at the end of the list; false when it is already listed. */
export function addEntry(db: Kysely<DB>, id: number, entry: EntryForm, actor: Actor): Promise<boolean> {
  return onDraft(db, id, actor, async (trx) => {
    const last = await trx
      .selectFrom('watchlist_entries')
      .select((eb) => eb.fn.max('position').as('position'))
      .where('edition_id', '=', id)
      .executeTakeFirst()
    const added = await trx
      .insertInto('watchlist_entries')
      .values({ edition_id: id, country_code: entry.country, position: Number(last?.position ?? 0) + 1, rationale: entry.rationale })
      .onConflict((oc) => oc.columns(['edition_id', 'country_code']).doNothing())
      .returning('country_code')
      .executeTakeFirst()
    return added !== undefined
  })
}

export function saveRationale(db: Kysely<DB>, id: number, countryCode: string, rationale: string, actor: Actor): Promise<void> {
  return onEntry(db, id, countryCode, actor, async (trx) => {
    await trx
      .updateTable('watchlist_entries')
      .set({ rationale })
      .where('edition_id', '=', id)
      .where('country_code', '=', countryCode)
      .execute()
  })
}

export function removeEntry(db: Kysely<DB>, id: number, countryCode: string, actor: Actor): Promise<void> {
  return onEntry(db, id, countryCode, actor, async (trx) => {
    await trx.deleteFrom('watchlist_entries').where('edition_id', '=', id).where('country_code', '=', countryCode).execute()
  })
}

/** Moves a country one place up or down; the list is renumbered 1, 2, 3… */
export function moveEntry(db: Kysely<DB>, id: number, countryCode: string, direction: 'up' | 'down', actor: Actor): Promise<void> {
  return onEntry(db, id, countryCode, actor, async (trx) => {
    const rows = await trx
      .selectFrom('watchlist_entries')
      .select(['country_code', 'position'])
      .where('edition_id', '=', id)
      .orderBy('position')
      .orderBy('country_code')
      .execute()
    const order = rows.map((r) => r.country_code)
    const from = order.indexOf(countryCode)
    const to = direction === 'up' ? from - 1 : from + 1
    if (to < 0 || to >= order.length) return
    ;[order[from], order[to]] = [order[to]!, order[from]!]
    for (const [index, code] of order.entries()) {
      if (rows.find((r) => r.country_code === code)!.position === index + 1) continue
      await trx
        .updateTable('watchlist_entries')
        .set({ position: index + 1 })
        .where('edition_id', '=', id)
        .where('country_code', '=', code)
        .execute()
    }
  })
}

export function publishEdition(db: Kysely<DB>, id: number, now: Date, actor: Actor): Promise<void> {
  return onDraft(db, id, actor, async (trx) => {
    const entries = await trx
      .selectFrom('watchlist_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('edition_id', '=', id)
      .executeTakeFirstOrThrow()
    if (Number(entries.n) === 0) throw editionEmpty()
    await trx.updateTable('watchlist_editions').set({ status: 'published', published_at: now }).where('id', '=', id).execute()
  })
}
