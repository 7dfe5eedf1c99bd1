import type { FastifyRequest } from 'fastify'
import { localePrefix, translator, type Locale, type Translate } from '../lib/i18n.js'
import type { Assets } from './assets.js'

/** What every view needs to know about the request it renders for. */
export interface PageContext {
  locale: Locale
  t: Translate
  /** The page's path without the locale prefix, with its query string: '/countries?sort=region'. */
  path: string
  assets: Assets
  publicUrl: string
}

export function pageContext(request: FastifyRequest, locale: Locale, assets: Assets, publicUrl: string): PageContext {
  const prefix = localePrefix(locale)
  const url = request.url.startsWith(prefix + '/') || request.url === prefix ? request.url.slice(prefix.length) : request.url
  return { locale, t: translator(locale), path: url.startsWith('/') ? url : `/${url}`, assets, publicUrl }
}

/** A link to `path` in the reader's language. */
export function href(ctx: Pick<PageContext, 'locale'>, path: string): string {
  const prefix = localePrefix(ctx.locale)
  return prefix && path === '/' ? prefix : prefix + path
}
