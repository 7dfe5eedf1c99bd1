import { describe, expect, it } from 'vitest'
import { formatInstant, wallClockIn, zonedToUtc } from './time-zones.js'

describe('zonedToUtc', () => {
  it('turns a wall-clock time in a zone into the UTC instant', () => {
    expect(zonedToUtc('2030-06-20T00:01', 'Asia/Almaty')?.toISOString()).toBe('2030-06-19T19:01:00.000Z')
    expect(zonedToUtc('2030-06-20T00:01', 'UTC')?.toISOString()).toBe('2030-06-20T00:01:00.000Z')
    expect(zonedToUtc('2030-01-15T12:00', 'America/New_York')?.toISOString()).toBe('2030-01-15T17:00:00.000Z')
    expect(zonedToUtc('2030-07-15T12:00', 'America/New_York')?.toISOString()).toBe('2030-07-15T16:00:00.000Z')
    expect(zonedToUtc('2030-03-31T03:30', 'Europe/Paris')?.toISOString()).toBe('2030-03-31T01:30:00.000Z')
  })

  it('takes seconds when they are typed', () => {
    expect(zonedToUtc('2030-06-20T00:01:30', 'Asia/Almaty')?.toISOString()).toBe('2030-06-19T19:01:30.000Z')
    expect(zonedToUtc('2030-06-20T00:01:00', 'UTC')?.toISOString()).toBe('2030-06-20T00:01:00.000Z')
  })

  it('refuses what is not a real time or a real zone', () => {
    for (const [local, zone] of [
      ['2030-02-30T10:00', 'UTC'],
      ['2030-06-20T24:00', 'UTC'],
      ['2030-06-20 10:00', 'UTC'],
      ['2030-06-20T10:00', 'Mars/Olympus'],
      ['2030-06-20T10:00:60', 'UTC'],
      ['2030-06-20T10:00:5', 'UTC'],
      ['2030-06-20T10:00:05.250', 'UTC'],
    ])
      expect(zonedToUtc(local!, zone!)).toBeNull()
  })

  it('formats an instant in the reader’s language and a zone', () => {
    expect(formatInstant('en', new Date('2030-06-19T19:01:00Z'), 'UTC')).toBe('June 19, 2030 at 19:01 UTC')
    expect(formatInstant('en', new Date('2030-06-19T19:01:00.900Z'), 'UTC')).toBe('June 19, 2030 at 19:01 UTC')
    expect(formatInstant('en', new Date('2030-06-19T19:01:30Z'), 'Asia/Almaty')).toBe('June 20, 2030 at 00:01:30 GMT+5')
  })
})

describe('wallClockIn', () => {
  it('is the inverse of zonedToUtc', () => {
    expect(wallClockIn('Asia/Dhaka', new Date('2030-06-19T18:01:00.700Z'))).toBe('2030-06-20T00:01')
    expect(wallClockIn('Asia/Dhaka', new Date('2030-06-19T18:01:30.700Z'))).toBe('2030-06-20T00:01:30')
    for (const zone of ['UTC', 'Europe/Paris', 'America/New_York', 'Asia/Katmandu', 'Australia/Adelaide']) {
      for (const local of ['2030-03-31T12:45', '2030-03-31T12:45:07']) expect(wallClockIn(zone, zonedToUtc(local, zone)!)).toBe(local)
    }
  })
})
