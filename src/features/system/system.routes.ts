import { Type } from '@sinclair/typebox'
import { sql } from 'kysely'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'

const Health = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('unavailable')]) })

export function registerSystemRoutes(app: FastifyInstance, deps: AppDeps): void {
  app.get(
    '/health',
    {
      config: { policy: 'public' },
      schema: { summary: 'Whether the service and its database answer', tags: ['system'], response: { 200: Health, 503: Health } },
    },
    async (request, reply) => {
      try {
        await sql`select 1`.execute(deps.db)
        return reply.header('Cache-Control', 'no-store').send({ status: 'ok' })
      } catch (error) {
        request.log.error({ err: error }, 'health check: database does not answer')
        return reply.code(503).header('Cache-Control', 'no-store').send({ status: 'unavailable' })
      }
    },
  )
}
