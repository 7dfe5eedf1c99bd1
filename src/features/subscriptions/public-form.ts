import type { FastifyReply, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { formToken, type CookieNames } from '../../lib/auth.js'
import { findSession } from '../accounts/sessions.js'
import { loadUser } from '../accounts/users.queries.js'

/**
 * The CSRF value a public form must carry. Public GETs do not look at the session (lib/auth.ts),
 * but a signed-in person's POST is checked against the session's token, not the signed-out
 * cookie: so the form page looks the session up itself, and also offers the person's address.
 */
export async function publicFormToken(
  deps: AppDeps,
  names: CookieNames,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<{ csrf: string; email: string | null }> {
  if (request.session) return { csrf: request.session.csrfToken, email: request.user?.email ?? null }
  const cookie = request.cookies[names.session]
  const session = cookie ? await findSession(deps.db, cookie, deps.clock()) : null
  const user = session && (await loadUser(deps.db, session.userId))
  if (session && user) return { csrf: session.csrfToken, email: user.email }
  return { csrf: formToken(request, reply, names), email: null }
}
