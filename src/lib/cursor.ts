import { invalid } from './errors.js'

/** The last instant PostgreSQL's timestamptz and ISO dates share: 9999-12-31T23:59:59.999Z. */
const LAST = 253_402_300_799_999

/**
 * A "before" cursor of a list paged by publication time: '<milliseconds>-<id>' (the "next" of the
 * previous page). Undefined without one; a 400 for an instant no database can hold.
 */
export function readTimeCursor(before: string | undefined): { at: Date; id: number } | undefined {
  if (!before) return undefined
  const [at, id] = before.split('-').map(Number) as [number, number]
  if (!(at <= LAST)) throw invalid('before', 'is not a "next" value of this list')
  return { at: new Date(at), id }
}
