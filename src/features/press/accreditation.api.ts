import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { ErrorResponse, invalidRequest, tooManyRequests } from '../../lib/errors.js'
import type { Limiter } from '../../lib/throttle.js'
import { checkRequest, readRequestForm } from './accreditation.form.js'
import { listAccreditations, type Accreditation } from './accreditation.queries.js'
import { decideAccreditation, requestAccreditation, revokeAccreditation } from './accreditation.service.js'

/**
 * The accreditation forms as JSON: anyone may ask (the same answer whatever the address, the
 * same per-IP limit as the form); editors list, decide and revoke with a personal API token
 * (Bearer) or a session with its CSRF token.
 */
const Status = Type.Union([Type.Literal('pending'), Type.Literal('approved'), Type.Literal('refused'), Type.Literal('revoked')])
const AccreditationSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  outlet: Type.String(),
  email: Type.String(),
  reason: Type.String(),
  status: Status,
  userId: Type.Union([Type.Integer(), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedBy: Type.Union([Type.Object({ id: Type.Integer(), name: Type.String() }), Type.Null()]),
})
const ListQuery = Type.Object({ status: Type.Optional(Status) }, { additionalProperties: false })
const RequestJson = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 1000 })),
    outlet: Type.Optional(Type.String({ maxLength: 1000 })),
    email: Type.Optional(Type.String({ maxLength: 1000 })),
    reason: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
)
const DecisionJson = Type.Object(
  { decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]) },
  { additionalProperties: false },
)
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const Result = Type.Object({ id: Type.Integer(), status: Status })
const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse }

function present(a: Accreditation): Static<typeof AccreditationSchema> {
  return {
    ...a,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
  }
}

export function registerAccreditationApi(app: FastifyInstance, deps: AppDeps, perIp: Limiter): void {
  const context = (request: FastifyRequest) => ({
    actor: { name: `user:${request.user!.id}`, ip: request.ip },
    userId: request.user!.id,
    now: deps.clock(),
    publicUrl: deps.config.publicUrl,
  })
  const tags = ['press (editors)']

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/accreditations',
    {
      config: { policy: 'press:accredit' },
      schema: {
        summary: 'Accreditation requests: every pending one, then the latest 200 decided',
        tags,
        querystring: ListQuery,
        response: { 200: Type.Object({ accreditations: Type.Array(AccreditationSchema) }), ...errors },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store')
      return { accreditations: (await listAccreditations(deps.db, request.query.status)).map(present) }
    },
  )

  app.post<{ Params: { id: string }; Body: Static<typeof DecisionJson> }>(
    '/api/v1/accreditations/:id/decision',
    {
      config: { policy: 'press:accredit' },
      schema: {
        summary: 'Approve or refuse a pending request',
        tags,
        params: Params,
        body: DecisionJson,
        response: { 200: Result, ...errors },
      },
    },
    async (request) => {
      const id = Number(request.params.id)
      await decideAccreditation(deps.db, id, request.body.decision, context(request))
      return { id, status: request.body.decision === 'approve' ? ('approved' as const) : ('refused' as const) }
    },
  )

  app.post<{ Params: { id: string } }>(
    '/api/v1/accreditations/:id/revoke',
    {
      config: { policy: 'press:accredit' },
      schema: {
        summary: "Revoke an approved accreditation: removes the journalist role and ends the person's sessions",
        tags,
        params: Params,
        response: { 200: Result, ...errors },
      },
    },
    async (request) => {
      const id = Number(request.params.id)
      await revokeAccreditation(deps.db, id, context(request))
      return { id, status: 'revoked' as const }
    },
  )

  app.post<{ Body: Static<typeof RequestJson> }>(
    '/api/v1/accreditations',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Ask for press accreditation (the answer is the same whether or not the address is known)',
        tags: ['press'],
        body: RequestJson,
        response: { 202: Type.Object({ status: Type.Literal('received') }), 400: ErrorResponse, 422: ErrorResponse, 429: ErrorResponse },
      },
    },
    async (request, reply) => {
      const checked = checkRequest(readRequestForm(request.body))
      if (!checked.ok) throw invalidRequest('invalid_accreditation', 'The request has problems: see details.', checked.problems)
      if (!perIp.take(request.ip, deps.clock())) throw tooManyRequests(3600)
      await requestAccreditation(deps.db, checked.request, { actor: { name: 'anonymous:accreditation', ip: request.ip }, language: 'en' })
      return reply.code(202).send({ status: 'received' as const })
    },
  )
}
