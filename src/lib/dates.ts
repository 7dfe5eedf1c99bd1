/** Dates are plain 'YYYY-MM-DD' strings in UTC throughout: no time-zone arithmetic on them. */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** True for a real calendar date in the form YYYY-MM-DD (so 2021-02-30 is false). */
export function isIsoDate(value: string): boolean {
  const match = ISO_DATE.exec(value)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10)
}

/** A source of the current time; tests pass a fixed one instead of sleeping. */
export type Clock = () => Date
export const systemClock: Clock = () => new Date()
