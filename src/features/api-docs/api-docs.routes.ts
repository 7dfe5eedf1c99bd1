import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { renderDocument } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { ApiDocsPage, type OpenApiDocument } from './api-docs.views.js'

/** The OpenAPI 3.1 document generated from the route schemas, and a page that reads it. */
export function registerApiDocs(app: FastifyInstance, deps: AppDeps): void {
  app.get('/api/v1/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async (_request, reply) => {
    return reply.header('Cache-Control', 'public, max-age=300').send(app.swagger())
  })
  for (const { locale, url } of localizedRoutes('/api')) {
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const ctx = pageContext(locale, '/api', deps.assets, deps.config.publicUrl)
      const doc = app.swagger() as unknown as OpenApiDocument
      return reply
        .type('text/html; charset=utf-8')
        .header('Cache-Control', 'public, max-age=300')
        .send(renderDocument(h(ApiDocsPage, { ctx, doc })))
    })
  }
}
