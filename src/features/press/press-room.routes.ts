import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { h, type JSX } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { notFound } from '../../lib/errors.js'
import { renderDocument } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { PRIVATE, registerPressRoomApi } from './press-room.api.js'
import { releaseMarkdown } from './press-room.markdown.js'
import { findPressVersion, pressRoomPublications } from './press-room.queries.js'
import { PressReleasePage, PressRoomPage } from './press-room.views.js'

function sendPressPage(reply: FastifyReply, page: JSX.Element): FastifyReply {
  return reply.code(200).header('Cache-Control', PRIVATE).type('text/html; charset=utf-8').send(renderDocument(page))
}

// The slug, or the slug and '.md' for the download.
const Params = Type.Object({ slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*(\\.md)?$', maxLength: 123 }) })
const Query = Type.Object({ format: Type.Optional(Type.Unsafe<'md'>(Type.String({ enum: ['md'] }))) })

/**
 * The press room (policy 'press:embargoed': accredited journalists and editors): embargoed and
 * published releases, per person and never cached. Anonymous readers are sent to sign in and
 * others get 403 by lib/auth.ts before any of this runs.
 */
export function registerPressRoom(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/press-room')) {
    app.get(url, { config: { policy: 'press:embargoed' }, schema: { hide: true } }, async (_request, reply) => {
      const ctx = pageContext(locale, '/press-room', deps.assets, deps.config.publicUrl)
      const [publications, countries] = await Promise.all([pressRoomPublications(deps.db), listCountries(deps.db)])
      const countryNames = new Map(countries.map((c) => [c.code, c.names[locale]]))
      return sendPressPage(reply, h(PressRoomPage, { ctx, publications, countryNames }))
    })

    app.get<{ Params: { slug: string }; Querystring: { format?: 'md' } }>(
      `${url}/:slug`,
      { config: { policy: 'press:embargoed' }, schema: { hide: true, params: Params, querystring: Query } },
      async (request, reply) => {
        const markdown = request.params.slug.endsWith('.md') || request.query.format === 'md'
        const slug = request.params.slug.replace(/\.md$/, '')
        const article = await findPressVersion(deps.db, slug)
        if (!article) throw notFound('publication')
        const ctx = pageContext(locale, `/press-room/${slug}`, deps.assets, deps.config.publicUrl)
        if (!markdown) return sendPressPage(reply, h(PressReleasePage, { ctx, article }))
        return reply
          .header('Cache-Control', PRIVATE)
          .header('Content-Disposition', `attachment; filename="${slug}.md"`)
          .type('text/markdown; charset=utf-8')
          .send(releaseMarkdown(ctx, article))
      },
    )
  }
  registerPressRoomApi(app, deps)
}
