import { PostgresDialect, type Driver } from 'kysely'

/** Errors of a connection that broke (the server stopped or vanished), not of a statement that failed. */
const SOCKET_CODES = new Set(['ECONNRESET', 'EPIPE', 'ECONNREFUSED', 'ENOENT', 'ETIMEDOUT'])

/**
 * True when `error` says the database went away: node-postgres's "Connection terminated
 * (unexpectedly)" or "Client has encountered a connection error", a socket error, or PostgreSQL's own connection failure and shutdown codes
 * (class 08, 57P01 to 57P03).
 */
export function isConnectionLost(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  // node-postgres: the connection ended, or a client whose connection failed refuses further queries.
  if (/^(Connection terminated|Client has encountered a connection error)/.test(error.message)) return true
  const code = 'code' in error ? String(error.code) : ''
  return SOCKET_CODES.has(code) || code.startsWith('08') || /^57P0[123]$/.test(code)
}

/**
 * Kysely's PostgreSQL dialect, noting when a COMMIT was sent and the connection broke before
 * its answer: only then may a transaction that reported a lost connection have been written.
 */
export class CommitWatchingDialect extends PostgresDialect {
  commitInDoubt = false

  override createDriver(): Driver {
    const driver = super.createDriver()
    const commit = driver.commitTransaction.bind(driver)
    driver.commitTransaction = async (connection) => {
      try {
        await commit(connection)
      } catch (error) {
        if (isConnectionLost(error)) this.commitInDoubt = true
        throw error
      }
    }
    return driver
  }
}
