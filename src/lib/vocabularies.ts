import type { ContentLanguage, Freedom } from '../db/schema.js'
import { LOCALES } from './i18n.js'

/** The three freedoms every rating, update and methodology speaks of, in the order pages list them. */
export const FREEDOMS: readonly Freedom[] = ['association', 'assembly', 'expression']

/** The languages content is written in: the UI languages, so every text has a page to show it. */
export const CONTENT_LANGUAGES: readonly ContentLanguage[] = LOCALES
