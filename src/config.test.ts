import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config.js'

describe('loadConfig', () => {
  it('has working defaults for a fresh clone', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      databaseUrl: undefined,
      seedOnStart: true,
      publicUrl: 'http://localhost:3000',
      mailPoolSize: 5,
      mailRate: 20,
    })
    expect(config.dataDir).toMatch(/\/data$/)
  })

  it('reads every documented variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      DATA_DIR: '/srv/cm',
      DATABASE_URL: 'postgres://u@h/db',
      PUBLIC_URL: 'https://monitor.example/',
      TRUST_PROXY: 'true',
      SEED_ON_START: 'false',
      LOG_LEVEL: 'warn',
      SMTP_URL: 'smtp://mail.example:587',
      MAIL_FROM: 'Fictional Monitor <news@example.org>',
      MAIL_POOL_SIZE: '3',
      MAIL_RATE: '120',
      READ_CONCURRENCY: '2',
      READ_QUEUE: '0',
    })
    expect(config).toEqual({
      port: 8080,
      host: '0.0.0.0',
      dataDir: '/srv/cm',
      databaseUrl: 'postgres://u@h/db',
      publicUrl: 'https://monitor.example',
      trustProxy: true,
      seedOnStart: false,
      logLevel: 'warn',
      smtpUrl: 'smtp://mail.example:587',
      mailFrom: 'Fictional Monitor <news@example.org>',
      mailPoolSize: 3,
      mailRate: 120,
      readConcurrency: 2,
      readQueue: 0,
    })
  })

  it('names each bad variable and what was wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT: .*got "eighty"/)
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535/)
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(ConfigError)
    expect(() => loadConfig({ MAIL_RATE: 'fast' })).toThrow(/MAIL_RATE: .*got "fast"/)
    expect(() => loadConfig({ MAIL_RATE: '0' })).toThrow(/MAIL_RATE: must be between 1 and 10000 \(got 0\)/)
    expect(() => loadConfig({ MAIL_POOL_SIZE: '-2' })).toThrow(/MAIL_POOL_SIZE: .*got "-2"/)
    expect(() => loadConfig({ MAIL_POOL_SIZE: '51' })).toThrow(/MAIL_POOL_SIZE: must be between 1 and 50 \(got 51\)/)
    expect(() => loadConfig({ READ_CONCURRENCY: '0' })).toThrow(/READ_CONCURRENCY: must be between 1 and 64 \(got 0\)/)
    expect(() => loadConfig({ READ_QUEUE: 'many' })).toThrow(/READ_QUEUE: .*got "many"/)
  })

  it('never echoes a database URL, which may hold a password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgress://admin:s3cret@db/x' })).toThrow(/DATABASE_URL: .*\(value not shown\)/)
    expect(() => loadConfig({ DATABASE_URL: 'postgress://admin:s3cret@db/x' })).not.toThrow(/s3cret/)
  })
})
