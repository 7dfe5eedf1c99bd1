import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]) })
const NO_STORE = 'no-store'

/**
 * `/health` says the process is up and answering, from memory: a load balancer or a monitor may
 * ask it as often as it likes. `/ready` also asks the database, for a check that takes an
 * instance out of rotation while its database does not answer.
 */
export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/health',
    {
      config: { policy: 'public' },
      schema: { summary: 'Whether the service answers (no database involved)', tags: ['system'], response: { 200: Health } },
    },
    (_request, reply) => reply.header('Cache-Control', NO_STORE).send({ status: 'ok' }),
  )
  app.get(
    '/ready',
    {
      config: { policy: 'public' },
      schema: { summary: 'Whether the service and its database answer', tags: ['system'], response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db)
        return reply.header('Cache-Control', NO_STORE).send({ status: 'ok' })
      } catch (error) {
        request.log.error({ err: error }, 'readiness check: database does not answer')
        return reply.code(503).header('Cache-Control', NO_STORE).send({ status: 'unavailable' })
      }
    },
  )
}
