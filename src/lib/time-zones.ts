/**
 * Instants written in a person's own time zone. A scheduled time is typed as a wall-clock time
 * ('2030-06-20T00:01', or to the second: '2030-06-20T00:01:30') in an IANA zone ('Asia/Almaty'), stored as the UTC instant, and shown in
 * both. No library: Intl knows every zone's offsets, summer time included.
 */
export const TIME_ZONES: string[] = ['UTC', ...Intl.supportedValuesOf('timeZone').filter((zone) => zone !== 'UTC')]
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/

export function isTimeZone(zone: string): boolean {
  return TIME_ZONES.includes(zone)
}

/** Milliseconds the zone's wall clock is ahead of UTC at this instant. */
function offsetAt(zone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant))
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'))
  return wall - Math.floor(instant / 1000) * 1000
}

/** The UTC instant of a wall-clock time in a zone, or null when the input is not a real time. */
export function zonedToUtc(local: string, zone: string): Date | null {
  const match = LOCAL.exec(local)
  if (!match || !isTimeZone(zone)) return null
  const [year, month, day, hour, minute, second] = match.slice(1).map((part) => Number(part ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ]
  const wall = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(wall)
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return null
  let instant = wall - offsetAt(zone, wall)
  // Near a change of offset the first guess can be an hour out: correct it once.
  instant = wall - offsetAt(zone, instant)
  return new Date(instant)
}

/**
 * "20 June 2030, 00:01 GMT+6" in the reader's language and the given zone; with the seconds
 * ("00:01:30") when the instant is not on a whole minute, as a schedule typed to the second is.
 */
export function formatInstant(locale: string, instant: Date, zone = 'UTC'): string {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'long',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(instant.getTime() % 60_000 >= 1000 ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
    timeZone: zone,
    timeZoneName: 'short',
  }).format(instant)
}

/**
 * The wall-clock time of an instant in a zone, as a datetime-local field takes it:
 * '2030-06-20T00:01', or '2030-06-20T00:01:30' when the instant has seconds (milliseconds dropped).
 */
export function wallClockIn(zone: string, instant: Date): string {
  const local = new Date(Math.floor(instant.getTime() / 1000) * 1000 + offsetAt(zone, instant.getTime())).toISOString()
  return local.slice(17, 19) === '00' ? local.slice(0, 16) : local.slice(0, 19)
}
