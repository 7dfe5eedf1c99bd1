import { Type, type Static } from '@sinclair/typebox'
import { translator } from './i18n.js'
import { droppedLinks, type DroppedLink } from './markdown.js'

/**
 * What a successful write tells its caller about the text it saved: today, the links of each
 * Markdown field that readers will see as text only (see markdown.ts). The English message is the
 * one the editor's preview shows in the reader's language.
 */
export const WriteWarning = Type.Object({
  field: Type.String({ description: 'The Markdown field, as the form names it (body, body_ru, rationale_ar)' }),
  code: Type.Literal('link_dropped'),
  reason: Type.Union([Type.Literal('empty'), Type.Literal('scheme'), Type.Literal('elsewhere')], {
    description:
      'empty: no address yet (# or nothing); scheme: not http(s) or mailto; elsewhere: neither a full address nor a path of this site',
  }),
  text: Type.String({ description: 'The link text, which is shown alone' }),
  target: Type.String({ description: 'The link target as written' }),
  message: Type.String(),
})
export type WriteWarning = Static<typeof WriteWarning>

export const WriteWarnings = Type.Array(WriteWarning, {
  description: 'Saved, but worth a look: links shown as their text only, per Markdown field',
})

/** The catalog message of a dropped link (params: text, target). */
export const droppedLinkMessage = (link: DroppedLink) => `markdown.dropped.${link.reason}` as const

const english = translator('en')

/** The dropped links of each Markdown field of a write (field name to its text). */
export function linkWarnings(fields: Record<string, string>): WriteWarning[] {
  return Object.entries(fields).flatMap(([field, source]) =>
    droppedLinks(source).map((link) => ({
      field,
      code: 'link_dropped' as const,
      ...link,
      message: english(droppedLinkMessage(link), { text: link.text, target: link.target }),
    })),
  )
}

/** The dropped links of a field written in several languages (its form fields are `${field}_${language}`). */
export function linkWarningsByLanguage(field: string, texts: Partial<Record<string, string>>): WriteWarning[] {
  return linkWarnings(Object.fromEntries(Object.entries(texts).map(([language, text]) => [`${field}_${language}`, text ?? ''])))
}
