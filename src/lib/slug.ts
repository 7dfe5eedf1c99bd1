import anyAscii from 'any-ascii'

/**
 * Letters of scripts other than Latin (Cyrillic, Arabic, Greek, ...) with their marks. Latin,
 * digits, punctuation and symbols (Unicode's Common script, emoji among them) are left to the
 * steps below, so Latin text gives the slug it always gave, and an emoji gives nothing.
 */
const OTHER_SCRIPTS = /(?:[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]\p{M}*)+/gu

/**
 * A URL slug from a name or a title: other scripts transliterated (any-ascii, decision 016:
 * "Казахстан понижен" → "kazakhstan-ponizhen"), accents dropped, every run of anything else that
 * is not a Latin letter or a digit one hyphen, '' when no letter or digit is left. Apostrophes
 * vanish ("Côte d'Ivoire" → "cote-divoire", as country addresses have always been) unless
 * `apostrophes: 'split'` makes them a break ("L'Arcadie" → "l-arcadie", as publication
 * addresses have always been). `maxLength` cuts the slug, never leaving a hyphen at its end.
 */
export function slugify(text: string, options: { apostrophes?: 'drop' | 'split'; maxLength?: number } = {}): string {
  const { apostrophes = 'drop', maxLength = Infinity } = options
  const slug = text
    .normalize('NFC')
    // The apostrophes a transliteration writes (for ь, ъ, ʼ) are part of a word, never a break.
    .replace(OTHER_SCRIPTS, (run) => anyAscii(run).replace(/['’]/g, ''))
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, apostrophes === 'drop' ? '' : '-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return slug.slice(0, maxLength).replace(/-$/, '')
}
