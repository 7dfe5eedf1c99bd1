import { resolve } from 'node:path'
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

/**
 * Every environment variable the application reads, parsed and checked once at start-up.
 * Nothing else in src/ reads process.env. README.md documents each variable.
 */
const Env = Type.Object({
  PORT: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  HOST: Type.Optional(Type.String({ minLength: 1 })),
  DATA_DIR: Type.Optional(Type.String({ minLength: 1 })),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  LOG_LEVEL: Type.Optional(Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)))),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  TRUST_PROXY: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  SEED_ON_START: Type.Optional(Type.Union([Type.Literal('true'), Type.Literal('false')])),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
  MAIL_POOL_SIZE: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  MAIL_RATE: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
  READ_CONCURRENCY: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
  READ_QUEUE: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$' })),
})

const SECRET = new Set(['DATABASE_URL', 'SMTP_URL'])

export interface Config {
  port: number
  host: string
  /** Where the embedded database, its socket and its lock live. */
  dataDir: string
  /** A PostgreSQL server; when absent the embedded PGlite in dataDir is used. */
  databaseUrl: string | undefined
  logLevel: string
  publicUrl: string
  trustProxy: boolean
  /** Load the seed data (countries, the real ratings snapshot) when the database is empty. */
  seedOnStart: boolean
  /** Send e-mail through this server; without it messages are written to DATA_DIR/outbox/. */
  smtpUrl: string | undefined
  mailFrom: string
  /** SMTP connections kept open at most (1-50). */
  mailPoolSize: number
  /** E-mails sent per second at most, by this process (1-10000). */
  mailRate: number
  /** Public reads no cache holds computed at once (1-64), and waiting (0-10000); beyond, 503. */
  readConcurrency: number
  readQueue: number
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const picked = Object.fromEntries(
    Object.keys(Env.properties)
      .filter((key) => env[key] !== undefined && env[key] !== '')
      .map((key) => [key, env[key]]),
  )
  const errors = [...Value.Errors(Env, picked)]
  if (errors.length > 0) {
    // A database URL may hold a password: name the variable, never echo its value.
    const shown = (name: string, value: unknown) => (SECRET.has(name) ? '(value not shown)' : `(got ${JSON.stringify(value)})`)
    const lines = errors.map((e) => `${e.path.slice(1)}: ${e.message} ${shown(e.path.slice(1), e.value)}`)
    throw new ConfigError(`Invalid environment:\n  ${lines.join('\n  ')}`)
  }
  const parsed = picked as Static<typeof Env>
  const port = Number(parsed.PORT ?? 3000)
  if (port < 0 || port > 65535) throw new ConfigError(`PORT: must be between 0 and 65535 (got ${port})`)
  const mailPoolSize = between('MAIL_POOL_SIZE', parsed.MAIL_POOL_SIZE, 5, 1, 50)
  const mailRate = between('MAIL_RATE', parsed.MAIL_RATE, 20, 1, 10_000)
  const readConcurrency = between('READ_CONCURRENCY', parsed.READ_CONCURRENCY, 4, 1, 64)
  const readQueue = between('READ_QUEUE', parsed.READ_QUEUE, 64, 0, 10_000)
  return {
    port,
    host: parsed.HOST ?? '127.0.0.1',
    dataDir: resolve(parsed.DATA_DIR ?? 'data'),
    databaseUrl: parsed.DATABASE_URL,
    logLevel: parsed.LOG_LEVEL ?? 'info',
    publicUrl: (parsed.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    trustProxy: parsed.TRUST_PROXY === 'true',
    seedOnStart: parsed.SEED_ON_START !== 'false',
    smtpUrl: parsed.SMTP_URL,
    mailFrom: parsed.MAIL_FROM ?? 'Civic Monitor <no-reply@localhost>',
    mailPoolSize,
    mailRate,
    readConcurrency,
    readQueue,
  }
}

/** A whole number variable (already checked to be digits), its default when unset, refused outside min-max. */
function between(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  const n = value === undefined ? fallback : Number(value)
  if (n < min || n > max) throw new ConfigError(`${name}: must be between ${min} and ${max} (got ${n})`)
  return n
}
