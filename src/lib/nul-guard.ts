import type { FastifyInstance } from 'fastify'
import { HttpError } from './errors.js'

/**
 * PostgreSQL cannot store the NUL character in text: a value carrying one would fail deep in a
 * query as a 500. Every request is refused up front instead, with a 400 that says why: in the
 * address (%00) before anything else runs, in a parsed body before validation.
 */
const refused = () => new HttpError(400, 'invalid_request', 'The request contains a NUL character (U+0000), which no field accepts.')

function carriesNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000')
  if (Array.isArray(value)) return value.some(carriesNul)
  if (value && typeof value === 'object' && !Buffer.isBuffer(value))
    return Object.entries(value).some(([k, v]) => k.includes('\u0000') || carriesNul(v))
  return false
}

export function registerNulGuard(app: FastifyInstance): void {
  app.addHook('onRequest', (request, _reply, done) => done(/%00/i.test(request.url) ? refused() : undefined))
  app.addHook('preValidation', (request, _reply, done) => done(carriesNul(request.body) ? refused() : undefined))
}
