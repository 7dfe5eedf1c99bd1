import type { ContentLanguage, Freedom, PublicationKind } from '../db/schema.js'
import { LOCALES } from './i18n.js'

/** The three freedoms every rating, update and methodology speaks of, in the order pages list them. */
export const FREEDOMS: readonly Freedom[] = ['association', 'assembly', 'expression']

/** The languages content is written in: the UI languages, so every text has a page to show it. */
export const CONTENT_LANGUAGES: readonly ContentLanguage[] = LOCALES

/** The kinds of publication, in the order forms and filters list them. */
export const PUBLICATION_KINDS: readonly PublicationKind[] = ['press_release', 'watchlist_report', 'annual_findings', 'statement']
