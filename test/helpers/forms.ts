import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import type { DB } from '../../src/db/schema.js'
import { createSession } from '../../src/features/accounts/sessions.js'

export const FORM = { 'content-type': 'application/x-www-form-urlencoded' }

export interface SignedIn {
  cookie: string
  csrf: string
  hash: string
}

/** A session for a user, as if they had just signed in from a fictional browser. */
export async function signedIn(db: Kysely<DB>, userId: number, now = new Date()): Promise<SignedIn> {
  const { token, session } = await createSession(db, userId, { now, ip: '192.0.2.10', userAgent: 'Fictional Browser 1.0' })
  return { cookie: `cm_session=${token}`, csrf: session.csrfToken, hash: session.idHash }
}

/** Submits a form as the signed-in person, with their CSRF token. */
export function postForm(app: FastifyInstance, who: { cookie: string; csrf: string }, url: string, fields: [string, string][] = []) {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...FORM, cookie: who.cookie },
    payload: new URLSearchParams([...fields, ['_csrf', who.csrf]]).toString(),
  })
}

/** The session cookie a response set, as a Cookie header value. */
export function cookieSet(response: { headers: Record<string, unknown> }): string {
  return String(response.headers['set-cookie']).split(';')[0]!
}

export async function apiSignIn(app: FastifyInstance, email: string, password: string, totp = '') {
  return app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password, totp } })
}
