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

/**
 * `path` is the page's own address without the locale prefix, built from validated parameters
 * (never the raw request URL: a cached page must not repeat one visitor's query string).
 */
export function pageContext(locale: Locale, path: string, assets: Assets, publicUrl: string): PageContext {
  return { locale, t: translator(locale), path, assets, publicUrl }
}

/** '/ru/countries?x=1' → '/countries?x=1'; '/ru?date=…' → '/?date=…'. */
export function pathWithoutLocale(url: string, locale: Locale): string {
  const rest = url.slice(localePrefix(locale).length)
  return rest.startsWith('/') ? rest : `/${rest}`
}

/** A link to `path` in the reader's language. */
export function href(ctx: Pick<PageContext, 'locale'>, path: string): string {
  const prefix = localePrefix(ctx.locale)
  return prefix && path === '/' ? prefix : prefix + path
}
