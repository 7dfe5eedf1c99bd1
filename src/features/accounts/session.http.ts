import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { withActor } from '../../db/audit.js'
import type { CookieNames } from '../../lib/auth.js'
import { ABSOLUTE_MS, createSession, endSession } from './sessions.js'

/** Starts a fresh session (dropping the one presented, if any), sets its cookie, and makes it the request's session. */
export async function startSession(
  deps: AppDeps,
  names: CookieNames,
  request: FastifyRequest,
  reply: FastifyReply,
  userId: number,
): Promise<string> {
  if (request.session) await endSession(deps.db, request.session.idHash)
  const { token, session } = await createSession(deps.db, userId, {
    now: deps.clock(),
    ip: request.ip,
    userAgent: request.headers['user-agent'] ?? null,
  })
  await recordEvent(deps, request, userId, 'sign-in')
  reply.setCookie(names.session, token, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'lax', maxAge: ABSOLUTE_MS / 1000 })
  request.session = session
  return session.csrfToken
}

export async function stopSession(deps: AppDeps, names: CookieNames, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (request.session) {
    await endSession(deps.db, request.session.idHash)
    await recordEvent(deps, request, request.session.userId, 'sign-out')
  }
  reply.clearCookie(names.session, { path: '/', httpOnly: true, secure: names.secure, sameSite: 'lax' })
}

/** Sessions are not audited row by row (decision 005): sign-in and sign-out are recorded here. */
export async function recordEvent(deps: AppDeps, request: FastifyRequest, userId: number, action: string): Promise<void> {
  await withActor(deps.db, { name: `user:${userId}`, ip: request.ip }, (trx) =>
    trx
      .insertInto('audit_log')
      .values({
        actor: `user:${userId}`,
        ip: request.ip,
        action,
        subject: 'sessions',
        subject_key: String(userId),
        before: null,
        after: null,
      })
      .execute(),
  )
}
