import { pino, type Logger } from 'pino'

/** The process logger: structured JSON, secrets redacted. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: ['req.headers.cookie', 'req.headers.authorization', 'password', '*.password', 'token', '*.token'],
  })
}
