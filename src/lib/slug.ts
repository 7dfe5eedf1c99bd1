/**
 * A URL slug from a name or a title: accents dropped, every run of anything else that is not a
 * Latin letter or a digit one hyphen, '' when nothing Latin is left. Apostrophes vanish
 * ("Côte d'Ivoire" → "cote-divoire", as country addresses have always been) unless
 * `apostrophes: 'split'` makes them a break ("L'Arcadie" → "l-arcadie", as publication
 * addresses have always been). `maxLength` cuts the slug, never leaving a hyphen at its end.
 */
export function slugify(text: string, options: { apostrophes?: 'drop' | 'split'; maxLength?: number } = {}): string {
  const { apostrophes = 'drop', maxLength = Infinity } = options
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’]/g, apostrophes === 'drop' ? '' : '-')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
  return slug.slice(0, maxLength).replace(/-$/, '')
}
