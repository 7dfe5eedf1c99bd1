import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JSX } from 'preact'
import type { AppDeps } from '../app-deps.js'
import type { Locale } from '../lib/i18n.js'
import { renderDocument } from './layout.js'
import { pageContext, type PageContext } from './page-context.js'

/**
 * Public reads answered from the render cache (lib/render-cache.ts). A page is keyed by its
 * locale, its canonical path (built by the route from validated parameters) and the day
 * ("today" changes which ratings are in force); JSON by the key the route gives.
 */
export async function sendCachedPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  page: { locale: Locale; path: string; day: string },
  view: (ctx: PageContext) => Promise<JSX.Element> | JSX.Element,
): Promise<FastifyReply> {
  return sendCached(deps, request, reply, {
    key: `page ${page.locale} ${page.day}\n${page.path}`,
    contentType: 'text/html; charset=utf-8',
    // The page context (a translator with its Intl objects) is built only when the page is rendered, not on a cache hit.
    render: async () => renderDocument(await view(pageContext(page.locale, page.path, deps.assets, deps.config.publicUrl))),
  })
}

/** The same for JSON: the body goes through the route's response schema (reply.serialize). */
export function sendCachedJson(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  key: string,
  build: () => Promise<unknown>,
): Promise<FastifyReply> {
  return sendCached(deps, request, reply, {
    key: `json\n${key}`,
    contentType: 'application/json; charset=utf-8',
    render: async () => reply.serialize(await build()) as string, // fast-json-stringify gives a string
  })
}

/** Any other public text (sitemap, robots.txt). */
export async function sendCached(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { key: string; contentType: string; render: () => Promise<string> | string },
): Promise<FastifyReply> {
  return deps.cache.serve(request, reply, { version: await deps.contentVersion.current(), ...options })
}
