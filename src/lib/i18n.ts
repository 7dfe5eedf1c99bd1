import en from './locales/en.json' with { type: 'json' }
import ru from './locales/ru.json' with { type: 'json' }
import es from './locales/es.json' with { type: 'json' }
import fr from './locales/fr.json' with { type: 'json' }
import ar from './locales/ar.json' with { type: 'json' }

/**
 * UI languages and their catalogs. English is the source catalog; a test fails when another
 * catalog misses one of its keys (or has one it does not). Country names come from
 * i18n-iso-countries via the database, not from these catalogs.
 */
export const LOCALES = ['en', 'ru', 'es', 'fr', 'ar'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'en'

/** Every language country names are stored in: the UI languages. */
export const NAME_LOCALES = LOCALES
export type NameLocale = Locale

type Plural = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string }
type Catalog = Record<string, string | Plural>
export type MessageKey = keyof typeof en

export const catalogs: Record<Locale, Catalog> = { en, ru, es, fr, ar }

const LANGUAGE_INFO: Record<Locale, { nativeName: string; dir: 'ltr' | 'rtl' }> = {
  en: { nativeName: 'English', dir: 'ltr' },
  ru: { nativeName: 'Русский', dir: 'ltr' },
  es: { nativeName: 'Español', dir: 'ltr' },
  fr: { nativeName: 'Français', dir: 'ltr' },
  ar: { nativeName: 'العربية', dir: 'rtl' },
}

/** The language of a request path: its prefix ('/ru/…', '/ru?…'), or the default. */
export function localeOfUrl(url: string): Locale {
  const first = url.split(/[/?]/)[1]
  return LOCALES.find((locale) => locale !== DEFAULT_LOCALE && locale === first) ?? DEFAULT_LOCALE
}

export function languageInfo(locale: Locale) {
  return LANGUAGE_INFO[locale]
}

/** Path prefix of a locale: '' for the default language, '/ru' for Russian. */
export function localePrefix(locale: Locale): string {
  return locale === DEFAULT_LOCALE ? '' : `/${locale}`
}

/**
 * A parameter that is itself catalog messages (a status, the steps possible from it): each is
 * translated in the reader's language, and several are listed as the language lists them.
 */
export interface MessageList {
  messages: MessageKey[]
}
export const messageList = (...messages: MessageKey[]): MessageList => ({ messages })
export type MessageParams = Record<string, string | number | MessageList>

export type Translate = (key: MessageKey, params?: MessageParams) => string

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale]
  const plurals = new Intl.PluralRules(locale)
  const numbers = new Intl.NumberFormat(locale)
  const lists = new Intl.ListFormat(locale, { type: 'disjunction' })
  const translate: Translate = (key, params = {}) => {
    const entry = catalog[key] ?? catalogs[DEFAULT_LOCALE][key]
    if (entry === undefined) throw new Error(`Missing message ${key}`)
    const template = typeof entry === 'string' ? entry : (entry[plurals.select(Number(params.count ?? 0))] ?? entry.other)
    return template.replace(/\{(\w+)\}/g, (match, name: string) => {
      const value = params[name]
      if (value === undefined) return match
      if (typeof value === 'object')
        return value.messages.length === 0 ? translate('list.none') : lists.format(value.messages.map((m) => translate(m)))
      return typeof value === 'number' ? numbers.format(value) : value
    })
  }
  return translate
}

/** Formats a 'YYYY-MM-DD' date as a long date in the locale, without time-zone shifts. */
export function formatDate(locale: Locale, isoDate: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(`${isoDate}T00:00:00Z`))
}

export function formatNumber(locale: Locale, value: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(locale, options).format(value)
}
