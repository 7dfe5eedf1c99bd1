import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { auditFacets, listAudit, type AuditFilter } from './audit.queries.js'
import { AuditPage } from './audit.views.js'

const AuditQuery = Type.Object({
  actor: Type.Optional(Type.String({ maxLength: 200 })),
  subject: Type.Optional(Type.String({ maxLength: 100 })),
  action: Type.Optional(Type.String({ maxLength: 50 })),
  from: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'date' })])),
  to: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'date' })])),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$' })),
})

export function registerAdminPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/admin/audit')) {
    app.get<{ Querystring: Omit<AuditFilter, 'before'> & { before?: string } }>(
      url,
      { config: { policy: 'admin:audit' }, schema: { hide: true, querystring: AuditQuery } },
      async (request, reply) => {
        const filter: AuditFilter = { ...request.query, before: request.query.before ? Number(request.query.before) : undefined }
        const [{ entries, nextBefore }, facets] = await Promise.all([listAudit(deps.db, filter), auditFacets(deps.db)])
        const ctx = pageContext(locale, '/admin/audit', deps.assets, deps.config.publicUrl)
        return sendPrivatePage(reply, 200, h(AuditPage, { ctx, filter, entries, nextBefore, facets }))
      },
    )
  }
}
