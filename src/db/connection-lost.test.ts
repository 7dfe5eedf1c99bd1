import { describe, expect, it } from 'vitest'
import { isConnectionLost } from './connection-lost.js'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

describe('isConnectionLost', () => {
  it('knows the ways node-postgres and PostgreSQL say the database went away', () => {
    expect(isConnectionLost(new Error('Connection terminated unexpectedly'))).toBe(true)
    expect(isConnectionLost(new Error('Client has encountered a connection error and is not queryable'))).toBe(true)
    expect(isConnectionLost(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true)
    expect(isConnectionLost(withCode('write EPIPE', 'EPIPE'))).toBe(true)
    expect(isConnectionLost(withCode('terminating connection due to administrator command', '57P01'))).toBe(true)
    expect(isConnectionLost(withCode('connection failure', '08006'))).toBe(true)
  })

  it('does not take a failed statement for a lost connection', () => {
    expect(isConnectionLost(withCode('duplicate key value violates unique constraint', '23505'))).toBe(false)
    expect(isConnectionLost(new Error('syntax error at or near "selec"'))).toBe(false)
    expect(isConnectionLost('Connection terminated')).toBe(false)
  })
})
