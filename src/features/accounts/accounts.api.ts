import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import type { CookieNames } from '../../lib/auth.js'
import { ErrorResponse, unauthorized } from '../../lib/errors.js'
import { authorize, type CurrentUser } from '../../lib/policies.js'
import { Me, SignInBody } from './accounts.schema.js'
import { startSession, stopSession } from './session.http.js'
import { retryAfterOf, signIn } from './sign-in.service.js'
import { loadUser } from './users.queries.js'

export const SIGN_IN_REFUSED = 'The e-mail address, password or code is not right.'

export function registerAccountsApi(app: FastifyInstance, deps: AppDeps, names: CookieNames): void {
  app.post<{ Body: SignInBody }>(
    '/api/v1/session',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Sign in',
        description: 'Starts a session (cookie) from e-mail, password and, for staff, a TOTP or recovery code.',
        tags: ['accounts'],
        body: SignInBody,
        response: { 200: Me, 400: ErrorResponse, 401: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const { email, password, totp } = request.body
      // A refusal (401, or 429 while throttled) goes on to the error handler.
      const userId = await signIn(deps.db, { email, password, code: totp ?? '' }, { now: deps.clock(), ip: request.ip }).catch(
        (error: unknown) => {
          const wait = retryAfterOf(error)
          if (wait !== null) reply.header('Retry-After', String(wait))
          throw error
        },
      )
      const csrfToken = await startSession(deps, names, request, reply, userId)
      const user = await loadUser(deps.db, userId)
      if (!user) throw unauthorized(SIGN_IN_REFUSED)
      return presentMe(user, csrfToken)
    },
  )

  app.delete(
    '/api/v1/session',
    {
      config: { policy: 'account:use' },
      schema: { summary: 'Sign out', tags: ['accounts'], response: { 204: Type.Null(), 401: ErrorResponse, 403: ErrorResponse } },
    },
    async (request, reply) => {
      await stopSession(deps, names, request, reply)
      return reply.code(204).send()
    },
  )

  app.get(
    '/api/v1/me',
    {
      config: { policy: 'account:use' },
      schema: { summary: 'The signed-in user and roles', tags: ['accounts'], response: { 200: Me, 401: ErrorResponse } },
    },
    (request) => {
      authorize(request.user, 'account:use')
      return presentMe(request.user, request.session?.csrfToken ?? null)
    },
  )
}

export function presentMe(user: CurrentUser, csrfToken: string | null) {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles,
    organisationId: user.organisationId,
    countries: user.countries,
    csrfToken,
  }
}
