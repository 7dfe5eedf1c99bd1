import { Type } from '@sinclair/typebox'
import type { PublicationKind } from '../../db/schema.js'
import { LOCALES, type Locale } from '../../lib/i18n.js'
import type { FormProblem } from '../../lib/errors.js'
import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { normaliseEmail } from '../../lib/email.js'

/**
 * The subscription form (address, countries, kinds of publication, language of the e-mails) as
 * the browser sends it, read and checked. The same preference fields serve the subscribe page
 * and the manage page; what was typed is kept to show it again with the problems.
 */

const many = (max: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength: max }), Type.Array(Type.String({ maxLength: max }), { maxItems: 300 })]))

export const PREFERENCE_PROPERTIES = {
  countries: many(3),
  kinds: many(20),
  language: Type.Optional(Type.String({ maxLength: 5 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
}
export const SubscribeBody = Type.Object({ email: Type.Optional(Type.String({ maxLength: 320 })), ...PREFERENCE_PROPERTIES })

export interface PreferenceBody {
  countries?: string | string[]
  kinds?: string | string[]
  language?: string
}
export interface SubscribeBody extends PreferenceBody {
  email?: string
}

/** What the person chose (or typed), before checking. */
export interface PreferencesForm {
  countries: string[]
  kinds: string[]
  language: string
}
export interface SubscribeForm extends PreferencesForm {
  email: string
}

/** Checked preferences, as stored. Empty lists mean "all". */
export interface Preferences {
  countries: string[]
  kinds: PublicationKind[]
  language: Locale
}

const list = (value: string | string[] | undefined) => [value ?? []].flat()

export function readPreferences(body: PreferenceBody, fallbackLanguage: Locale): PreferencesForm {
  return {
    countries: [...new Set(list(body.countries).map((c) => c.trim().toUpperCase()))].filter(Boolean),
    kinds: [...new Set(list(body.kinds))],
    language: body.language ?? fallbackLanguage,
  }
}

export function readSubscribeForm(body: SubscribeBody, fallbackLanguage: Locale): SubscribeForm {
  return { email: (body.email ?? '').trim(), ...readPreferences(body, fallbackLanguage) }
}

export function checkPreferences(
  form: PreferencesForm,
  knownCountries: ReadonlySet<string>,
): { ok: true; preferences: Preferences } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  if (form.countries.some((code) => !knownCountries.has(code)))
    problems.push({ field: 'countries', message: 'subscription.problem.countries' })
  if (form.kinds.some((kind) => !PUBLICATION_KINDS.includes(kind as PublicationKind)))
    problems.push({ field: 'kinds', message: 'subscription.problem.kinds' })
  if (!LOCALES.includes(form.language as Locale)) problems.push({ field: 'language', message: 'subscription.problem.language' })
  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    preferences: {
      countries: [...form.countries].sort(),
      kinds: PUBLICATION_KINDS.filter((kind) => form.kinds.includes(kind)),
      language: form.language as Locale,
    },
  }
}

export function checkSubscribeForm(
  form: SubscribeForm,
  knownCountries: ReadonlySet<string>,
): { ok: true; email: string; preferences: Preferences } | { ok: false; problems: FormProblem[] } {
  const email = normaliseEmail(form.email)
  const checked = checkPreferences(form, knownCountries)
  const problems = [
    ...(email ? [] : [{ field: 'email', message: 'subscription.problem.email' } as const]),
    ...(checked.ok ? [] : checked.problems),
  ]
  if (!email || !checked.ok) return { ok: false, problems }
  return { ok: true, email, preferences: checked.preferences }
}
