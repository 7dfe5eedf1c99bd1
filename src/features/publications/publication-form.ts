import type { ContentLanguage, PublicationContact, PublicationKind, PublicationQuote } from '../../db/schema.js'
import type { FormProblem } from '../../lib/errors.js'
import { parseIdList } from '../../lib/id-list.js'
import { slugify } from '../../lib/slug.js'
import { CONTENT_LANGUAGES, PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { isEmailAddress } from '../../lib/email.js'

/**
 * A publication as its form holds it (text as typed, so a refused form comes back unchanged),
 * and the checks that need no database. The JSON write API fills the same form, so both paths
 * share one set of rules.
 */
export const QUOTE_SLOTS = 3
export const CONTACT_SLOTS = 2
export const MAX_COUNTRIES = 50

export interface TextForm {
  title: string
  slug: string
  summary: string
  body: string
  quotes: PublicationQuote[]
  contacts: PublicationContact[]
}

export interface PublicationForm {
  kind: string
  countries: string[]
  decisions: string
  updates: string
  /** The watchlist edition a watchlist report presents, the year annual findings cover (optional). */
  watchlistEdition: string
  findingsYear: string
  texts: Record<ContentLanguage, TextForm>
}

export interface TextDraft extends TextForm {
  language: ContentLanguage
}

export interface PublicationDraft {
  kind: PublicationKind
  countries: string[]
  decisionIds: number[]
  updateIds: number[]
  watchlistEditionId: number | null
  findingsYear: number | null
  texts: TextDraft[]
}

type Body = Record<string, string | string[] | undefined>
const one = (value: string | string[] | undefined) => (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim()
const many = (value: string | string[] | undefined) => (Array.isArray(value) ? value : value ? [value] : [])

export function emptyText(): TextForm {
  return { title: '', slug: '', summary: '', body: '', quotes: [], contacts: [] }
}

export function readPublicationForm(body: Body): PublicationForm {
  const text = (l: ContentLanguage): TextForm => ({
    title: one(body[`title_${l}`]),
    slug: one(body[`slug_${l}`]).toLowerCase(),
    summary: one(body[`summary_${l}`]),
    body: one(body[`body_${l}`]),
    quotes: Array.from({ length: QUOTE_SLOTS }, (_, i) => ({
      text: one(body[`quote_${l}_${i}`]),
      attribution: one(body[`quote_by_${l}_${i}`]),
    })),
    contacts: Array.from({ length: CONTACT_SLOTS }, (_, i) => ({
      name: one(body[`contact_name_${l}_${i}`]),
      role: one(body[`contact_role_${l}_${i}`]),
      email: one(body[`contact_email_${l}_${i}`]),
      phone: one(body[`contact_phone_${l}_${i}`]),
    })),
  })
  return {
    kind: one(body.kind),
    countries: many(body.countries)
      .map((c) => c.trim().toUpperCase())
      .filter(Boolean),
    decisions: one(body.decisions),
    updates: one(body.updates),
    watchlistEdition: one(body.watchlist_edition),
    findingsYear: one(body.findings_year),
    texts: Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, text(l)])) as Record<ContentLanguage, TextForm>,
  }
}

const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/
/** A title's address: "Arcadia's Rating Downgraded!" → "arcadia-s-rating-downgraded", at most 80 characters. */
export const PUBLICATION_SLUG = { apostrophes: 'split', maxLength: 80 } as const
/** Addresses under /press/ that are pages of their own. */
const RESERVED_SLUGS = ['accreditation', 'subscribe', 'files', 'feed']
/** Decisions or updates one publication links, as a rating decision's evidence may. */
const MAX_LINKED = 50
const PHONE = /^[0-9+() .-]{3,40}$/

export function checkPublicationForm(
  form: PublicationForm,
): { ok: true; draft: PublicationDraft } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const add = (field: string, message: FormProblem['message'], params?: FormProblem['params']) =>
    problems.push(params ? { field, message, params } : { field, message })
  const kind = PUBLICATION_KINDS.find((k) => k === form.kind)
  if (!kind) add('kind', 'publication.form.problem.kind')
  const countries = [...new Set(form.countries)]
  if (countries.some((c) => !/^[A-Z]{3}$/.test(c)) || countries.length > MAX_COUNTRIES)
    add('countries', 'publication.form.problem.countries', { max: MAX_COUNTRIES })
  const decisionIds = parseIdList(form.decisions, MAX_LINKED)
  if (!decisionIds) add('decisions', 'publication.form.problem.ids')
  const updateIds = parseIdList(form.updates, MAX_LINKED)
  if (!updateIds) add('updates', 'publication.form.problem.ids')
  if (form.watchlistEdition && !/^[0-9]{1,15}$/.test(form.watchlistEdition)) add('watchlist_edition', 'publication.form.problem.edition')
  const year = form.findingsYear ? Number(form.findingsYear) : null
  if (year !== null && !(/^[0-9]{4}$/.test(form.findingsYear) && year >= 1900 && year <= 2200))
    add('findings_year', 'publication.form.problem.year')

  const texts: TextDraft[] = []
  for (const language of CONTENT_LANGUAGES) {
    // Empty slots are dropped; the others keep their slot number, so a problem names the right field.
    const typed = form.texts[language]
    const quoteSlots = typed.quotes.map((q, i) => ({ q, i })).filter(({ q }) => q.text || q.attribution)
    const contactSlots = typed.contacts.map((c, i) => ({ c, i })).filter(({ c }) => c.name || c.role || c.email || c.phone)
    const text = { ...typed, quotes: quoteSlots.map(({ q }) => q), contacts: contactSlots.map(({ c }) => c) }
    const started = text.title || text.slug || text.summary || text.body || quoteSlots.length > 0 || contactSlots.length > 0
    if (!started) continue
    if (!text.title) add(`title_${language}`, 'publication.form.problem.title')
    else if (text.title.length > 300) add(`title_${language}`, 'publication.form.problem.titleLength')
    const slug = text.slug || slugify(text.title, PUBLICATION_SLUG)
    if (!slug) {
      if (text.title) add(`slug_${language}`, 'publication.form.problem.slugNeeded')
    } else if (!SLUG.test(slug) || slug.length > 120) add(`slug_${language}`, 'publication.form.problem.slug')
    // Reserved words are pages under /press/; all digits would read as a publication's number in the API.
    else if (RESERVED_SLUGS.includes(slug) || /^[0-9]+$/.test(slug)) add(`slug_${language}`, 'publication.form.problem.slugTaken')
    if (text.summary.length > 2000) add(`summary_${language}`, 'publication.form.problem.summary')
    if (text.body.length > 100_000) add(`body_${language}`, 'publication.form.problem.body')
    quoteSlots.forEach(({ q: quote, i }) => {
      if (!quote.text || !quote.attribution || quote.text.length > 2000 || quote.attribution.length > 300)
        add(`quote_${language}_${i}`, 'publication.form.problem.quote')
    })
    // A contact is a way to reach someone: many releases give only a press office's address.
    contactSlots.forEach(({ c: contact, i }) => {
      if (contact.name.length > 200) add(`contact_name_${language}_${i}`, 'publication.form.problem.contactLength')
      if (contact.role.length > 200) add(`contact_role_${language}_${i}`, 'publication.form.problem.contactLength')
      if (contact.email && !isEmailAddress(contact.email)) add(`contact_email_${language}_${i}`, 'publication.form.problem.contactEmail')
      if (contact.phone && !PHONE.test(contact.phone)) add(`contact_phone_${language}_${i}`, 'publication.form.problem.contactPhone')
      if (!contact.email && !contact.phone) add(`contact_email_${language}_${i}`, 'publication.form.problem.contactReach')
    })
    texts.push({ ...text, slug, language })
  }
  if (texts.length === 0) add('title_en', 'publication.form.problem.noText')
  const slugs = texts.map((t) => t.slug)
  const repeated = slugs.find((s, i) => s && slugs.indexOf(s) !== i)
  if (repeated) add(`slug_${texts[slugs.lastIndexOf(repeated)]!.language}`, 'publication.form.problem.slugRepeated')

  if (problems.length > 0 || !kind || !decisionIds || !updateIds) return { ok: false, problems }
  const watchlistEditionId = form.watchlistEdition ? Number(form.watchlistEdition) : null
  return { ok: true, draft: { kind, countries, decisionIds, updateIds, watchlistEditionId, findingsYear: year, texts } }
}

/** The form of a saved publication, to edit it. */
export function draftToForm(draft: PublicationDraft): PublicationForm {
  const texts = Object.fromEntries(CONTENT_LANGUAGES.map((l) => [l, emptyText()])) as Record<ContentLanguage, TextForm>
  for (const text of draft.texts) {
    const { language, ...rest } = text
    texts[language] = rest
  }
  return {
    kind: draft.kind,
    countries: draft.countries,
    decisions: draft.decisionIds.join(', '),
    updates: draft.updateIds.join(', '),
    watchlistEdition: draft.watchlistEditionId === null ? '' : String(draft.watchlistEditionId),
    findingsYear: draft.findingsYear === null ? '' : String(draft.findingsYear),
    texts,
  }
}
