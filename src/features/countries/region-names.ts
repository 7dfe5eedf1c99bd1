import type { MessageKey, Translate } from '../../lib/i18n.js'
import en from '../../lib/locales/en.json' with { type: 'json' }

/** Regions and subregions come from world-countries in English; the catalogs translate them. */
export function regionName(t: Translate, kind: 'region' | 'subregion', name: string): string {
  const key = `${kind}.${name}`
  return key in en ? t(key as MessageKey) : name
}
