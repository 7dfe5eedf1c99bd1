import type { FastifyReply, FastifyRequest } from 'fastify'
import type { JSX } from 'preact'
import { LOCALES, localePrefix, type Locale } from '../lib/i18n.js'
import { contentVersion } from '../features/ratings/ratings.queries.js'
import type { AppDeps } from '../app-deps.js'
import { renderDocument } from './layout.js'
import { pageContext, type PageContext } from './page-context.js'

/** Each page exists once per language: '/countries' and '/ru/countries'. */
export function localizedRoutes(path: string): { locale: Locale; url: string }[] {
  return LOCALES.map((locale) => ({ locale, url: localePrefix(locale) + (path === '/' && localePrefix(locale) ? '' : path) }))
}

/**
 * Answers a public page from the render cache. `key` must name everything the page depends on
 * besides published content (locale, path, the date it is drawn for).
 */
export async function sendCachedPage(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  locale: Locale,
  key: string,
  view: (ctx: PageContext) => Promise<JSX.Element> | JSX.Element,
): Promise<FastifyReply> {
  const version = await contentVersion(deps.db)
  const ctx = pageContext(request, locale, deps.assets, deps.config.publicUrl)
  return deps.cache.serve(request, reply, {
    version,
    key: `${locale}\n${key}`,
    render: async () => renderDocument(await view(ctx)),
  })
}
