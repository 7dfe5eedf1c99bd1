import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JSX } from 'preact'
import type { AppDeps } from '../app-deps.js'
import { contentVersion } from '../db/content-version.js'
import type { Locale } from '../lib/i18n.js'
import { renderDocument } from './layout.js'
import { pageContext, type PageContext } from './page-context.js'

/**
 * Public reads answered from the render cache (lib/render-cache.ts). `key` must name everything
 * the response depends on besides published content: locale, path, the date it is drawn for.
 */
export async function sendCachedPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
  key: string,
  view: (ctx: PageContext) => Promise<JSX.Element> | JSX.Element,
): Promise<FastifyReply> {
  const ctx = pageContext(request, locale, deps.assets, deps.config.publicUrl)
  return sendCached(deps, request, reply, {
    key: `page ${locale}\n${key}`,
    contentType: 'text/html; charset=utf-8',
    render: async () => renderDocument(await view(ctx)),
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
  return deps.cache.serve(request, reply, { version: await contentVersion(deps.db), ...options })
}
