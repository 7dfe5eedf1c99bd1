import { isIsoDate } from '../../lib/dates.js'
import type { FormProblem } from '../../lib/errors.js'

/**
 * The watchlist editors' forms and their checks (pure): an edition's title, date and
 * introduction, and a country's entry with its rationale. Values stay strings until checked,
 * so a refused form comes back as typed.
 */
export interface EditionForm {
  title: string
  editionDate: string
  introduction: string
}

export interface EntryForm {
  country: string
  rationale: string
}

export const TITLE_MAX = 200
export const INTRODUCTION_MAX = 20_000
export const RATIONALE_MAX = 10_000

type Body = Record<string, string | undefined>
const text = (body: Body, name: string) => body[name] ?? ''

export function readEditionForm(body: Body): EditionForm {
  return { title: text(body, 'title').trim(), editionDate: text(body, 'edition_date').trim(), introduction: text(body, 'introduction') }
}

export function readEntryForm(body: Body): EntryForm {
  return { country: text(body, 'country').trim().toUpperCase(), rationale: text(body, 'rationale') }
}

export function checkEdition(form: EditionForm): { ok: true; edition: EditionForm } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  if (!form.title || form.title.length > TITLE_MAX) problems.push({ field: 'title', message: 'watchlist.problem.title' })
  if (!isIsoDate(form.editionDate)) problems.push({ field: 'edition_date', message: 'watchlist.problem.editionDate' })
  const introduction = form.introduction.trim()
  if (introduction.length > INTRODUCTION_MAX) problems.push({ field: 'introduction', message: 'watchlist.problem.introduction' })
  return problems.length > 0 ? { ok: false, problems } : { ok: true, edition: { ...form, introduction } }
}

/** `field` names the form the problem belongs to: the new entry's, or an existing country's. */
export function checkRationale(rationale: string, field: string): FormProblem[] {
  const trimmed = rationale.trim()
  return !trimmed || trimmed.length > RATIONALE_MAX ? [{ field, message: 'watchlist.problem.rationale' }] : []
}

export function checkEntry(
  form: EntryForm,
  known: { countries: Set<string>; listed: Set<string> },
): { ok: true; entry: EntryForm } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  if (!known.countries.has(form.country)) problems.push({ field: 'country', message: 'watchlist.problem.country' })
  else if (known.listed.has(form.country)) problems.push({ field: 'country', message: 'watchlist.problem.duplicate' })
  problems.push(...checkRationale(form.rationale, 'rationale'))
  return problems.length > 0 ? { ok: false, problems } : { ok: true, entry: { ...form, rationale: form.rationale.trim() } }
}
