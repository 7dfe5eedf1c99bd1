import { LOCALES, localePrefix, type Locale } from '../lib/i18n.js'

/** Each page exists once per language: '/countries' and '/ru/countries'. */
export function localizedRoutes(path: string): { locale: Locale; url: string }[] {
  return LOCALES.map((locale) => ({ locale, url: localePrefix(locale) + (path === '/' && localePrefix(locale) ? '' : path) }))
}
