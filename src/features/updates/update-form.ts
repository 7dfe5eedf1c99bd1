import type { ContentLanguage, Freedom } from '../../db/schema.js'
import { isIsoDate } from '../../lib/dates.js'
import type { FormProblem } from '../../lib/errors.js'
import { CONTENT_LANGUAGES, FREEDOMS } from '../../lib/vocabularies.js'

/**
 * A monitoring update as its form sends it, and the checks that turn it into a draft. Rows of
 * sources and incidents arrive as repeated fields (every row sends every field, so the arrays
 * line up); a row left entirely empty is ignored when saving. Values stay strings until checked, so a
 * refused form comes back exactly as typed.
 */
export const PRECISIONS = ['day', 'month', 'year'] as const
export const COUNTS = ['affected', 'killed', 'injured', 'detained', 'charged'] as const
export const SOURCE_FIELDS = ['url', 'title', 'publisher', 'date'] as const
export const INCIDENT_FIELDS = [
  'date',
  'precision',
  'locality',
  'lat',
  'lon',
  'freedom',
  'type',
  'victim',
  'perpetrator',
  ...COUNTS,
  'sensitivity',
  'notes',
] as const

export type SourceRow = Record<(typeof SOURCE_FIELDS)[number], string>
export type IncidentRow = Record<(typeof INCIDENT_FIELDS)[number], string>

export interface UpdateForm {
  country: string
  language: string
  translationOf: string
  title: string
  summary: string
  body: string
  periodStart: string
  periodEnd: string
  freedoms: string[]
  tags: string[]
  sources: SourceRow[]
  incidents: IncidentRow[]
}

export interface SourceInput {
  url: string
  title: string
  publisher: string | null
  publishedOn: string | null
}

export interface IncidentInput {
  occurredOn: string
  precision: (typeof PRECISIONS)[number]
  locality: string | null
  latitude: number | null
  longitude: number | null
  freedom: Freedom
  typeId: number
  victimId: number | null
  perpetratorId: number | null
  counts: Record<(typeof COUNTS)[number], number | null>
  sensitivity: 'public' | 'restricted'
  restrictedNotes: string | null
}

export interface UpdateDraft {
  countryCode: string
  language: ContentLanguage
  translationOf: number | null
  title: string
  summary: string
  body: string
  periodStart: string | null
  periodEnd: string | null
  freedoms: Freedom[]
  tagIds: number[]
  sources: SourceInput[]
  incidents: IncidentInput[]
}

export const EMPTY_SOURCE: SourceRow = { url: '', title: '', publisher: '', date: '' }
export const EMPTY_INCIDENT: IncidentRow = {
  date: '',
  precision: 'day',
  locality: '',
  lat: '',
  lon: '',
  freedom: '',
  type: '',
  victim: '',
  perpetrator: '',
  affected: '',
  killed: '',
  injured: '',
  detained: '',
  charged: '',
  sensitivity: 'public',
  notes: '',
}

type Body = Record<string, string | string[] | undefined>
const one = (body: Body, name: string) => {
  const value = body[name]
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim()
}
const all = (body: Body, name: string) => [body[name] ?? []].flat().map((v) => v.trim())

function rows<K extends string>(body: Body, prefix: string, fields: readonly K[]): Record<K, string>[] {
  const columns = fields.map((field) => all(body, `${prefix}_${field}`))
  const count = Math.max(0, ...columns.map((c) => c.length))
  return Array.from(
    { length: count },
    (_, i) => Object.fromEntries(fields.map((field, f) => [field, columns[f]![i] ?? ''])) as Record<K, string>,
  )
}

/** A row the writer added but never filled in: ignored when saving, kept while editing. */
function isBlank<K extends string>(row: Record<K, string>, empty: Record<K, string>): boolean {
  return (Object.keys(empty) as K[]).every((field) => row[field] === '' || row[field] === empty[field])
}

export function readUpdateForm(body: Body): UpdateForm {
  return {
    country: one(body, 'country').toUpperCase(),
    language: one(body, 'language'),
    translationOf: one(body, 'translation_of'),
    title: one(body, 'title'),
    summary: one(body, 'summary'),
    body: [body.body ?? ''].flat()[0] ?? '',
    periodStart: one(body, 'period_start'),
    periodEnd: one(body, 'period_end'),
    freedoms: all(body, 'freedoms'),
    tags: all(body, 'tags'),
    sources: rows(body, 'src', SOURCE_FIELDS),
    incidents: rows(body, 'inc', INCIDENT_FIELDS),
  }
}

/** What the checks need to know: which countries and terms exist. */
export interface FormVocabulary {
  countries: Set<string>
  /** Term id → vocabulary, for terms that are not retired. */
  terms: Map<number, string>
}

const id = (value: string) => (/^[0-9]{1,15}$/.test(value) ? Number(value) : NaN)
const count = (value: string) => (value === '' ? null : /^[0-9]{1,7}$/.test(value) ? Number(value) : NaN)
const coordinate = (value: string, limit: number) => {
  if (value === '') return null
  const n = Number(value)
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : NaN
}

export function checkUpdateForm(
  form: UpdateForm,
  vocabulary: FormVocabulary,
  today: string,
): { ok: true; draft: UpdateDraft } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const problem = (field: string, message: FormProblem['message'], params?: FormProblem['params']) =>
    problems.push({ field, message, ...(params ? { params } : {}) })
  if (!vocabulary.countries.has(form.country)) problem('country', 'update.problem.country')
  if (!CONTENT_LANGUAGES.includes(form.language as ContentLanguage)) problem('language', 'update.problem.language')
  if (form.translationOf !== '' && Number.isNaN(id(form.translationOf))) problem('translation_of', 'update.problem.translationOf')
  if (!form.title || form.title.length > 200) problem('title', 'update.problem.title')
  if (form.summary.length > 1000) problem('summary', 'update.problem.summary')
  if (form.body.length > 100_000) problem('body', 'update.problem.body')
  for (const [field, value] of [
    ['period_start', form.periodStart],
    ['period_end', form.periodEnd],
  ] as const) {
    if (value !== '' && (!isIsoDate(value) || value > today)) problem(field, 'update.problem.periodDate')
  }
  if (form.periodStart && form.periodEnd && form.periodEnd < form.periodStart) problem('period_end', 'update.problem.periodOrder')
  if (form.freedoms.some((f) => !FREEDOMS.includes(f as Freedom))) problem('freedoms', 'update.problem.freedoms')
  const tagIds = form.tags.map(id)
  if (tagIds.some((t) => !vocabulary.terms.has(t))) problem('tags', 'update.problem.tags')

  const sources: SourceInput[] = []
  form.sources.forEach((row, i) => {
    if (isBlank(row, EMPTY_SOURCE)) return
    const n = { row: i + 1 }
    if (!/^https?:\/\/[^\s]+$/.test(row.url) || row.url.length > 2000) problem(`src_url-${i}`, 'update.problem.sourceUrl', n)
    if (!row.title || row.title.length > 300) problem(`src_title-${i}`, 'update.problem.sourceTitle', n)
    if (row.date !== '' && !isIsoDate(row.date)) problem(`src_date-${i}`, 'update.problem.sourceDate', n)
    sources.push({ url: row.url, title: row.title, publisher: row.publisher || null, publishedOn: row.date || null })
  })

  const incidents: IncidentInput[] = []
  form.incidents.forEach((row, i) => {
    if (isBlank(row, EMPTY_INCIDENT)) return
    const checked = checkIncidentRow(row, i, vocabulary, today)
    problems.push(...checked.problems)
    incidents.push(checked.incident)
  })

  if (problems.length > 0) return { ok: false, problems }
  return {
    ok: true,
    draft: {
      countryCode: form.country,
      language: form.language as ContentLanguage,
      translationOf: form.translationOf === '' ? null : id(form.translationOf),
      title: form.title,
      summary: form.summary,
      body: form.body,
      periodStart: form.periodStart || null,
      periodEnd: form.periodEnd || null,
      freedoms: FREEDOMS.filter((f) => form.freedoms.includes(f)),
      tagIds: [...new Set(tagIds)],
      sources,
      incidents,
    },
  }
}

/** One incident row's checks: shared by the form and the CSV import. */
export function checkIncidentRow(
  row: IncidentRow,
  i: number,
  vocabulary: FormVocabulary,
  today: string,
): { incident: IncidentInput; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const problem = (field: string, message: FormProblem['message'], params?: FormProblem['params']) =>
    problems.push({ field, message, ...(params ? { params } : {}) })
  const termIn = (value: string, vocabularies: string[]) => {
    const term = id(value)
    return vocabularies.includes(vocabulary.terms.get(term) ?? '') ? term : NaN
  }
  const n = { row: i + 1 }
  if (!isIsoDate(row.date) || row.date > today) problem(`inc_date-${i}`, 'update.problem.incidentDate', n)
  if (!PRECISIONS.includes(row.precision as 'day')) problem(`inc_precision-${i}`, 'update.problem.incidentPrecision', n)
  if (row.locality.length > 200) problem(`inc_locality-${i}`, 'update.problem.incidentLocality', n)
  const latitude = coordinate(row.lat, 90)
  const longitude = coordinate(row.lon, 180)
  if (Number.isNaN(latitude) || Number.isNaN(longitude) || (latitude === null) !== (longitude === null))
    problem(`inc_lat-${i}`, 'update.problem.incidentCoordinates', n)
  if (!FREEDOMS.includes(row.freedom as Freedom)) problem(`inc_freedom-${i}`, 'update.problem.incidentFreedom', n)
  const typeId = termIn(row.type, ['violation', 'positive'])
  if (Number.isNaN(typeId)) problem(`inc_type-${i}`, 'update.problem.incidentType', n)
  const victimId = row.victim === '' ? null : termIn(row.victim, ['victim'])
  if (Number.isNaN(victimId)) problem(`inc_victim-${i}`, 'update.problem.incidentVictim', n)
  const perpetratorId = row.perpetrator === '' ? null : termIn(row.perpetrator, ['perpetrator'])
  if (Number.isNaN(perpetratorId)) problem(`inc_perpetrator-${i}`, 'update.problem.incidentPerpetrator', n)
  const counts = Object.fromEntries(COUNTS.map((c) => [c, count(row[c])])) as IncidentInput['counts']
  const badCount = COUNTS.find((c) => Number.isNaN(counts[c]))
  if (badCount) problem(`inc_${badCount}-${i}`, 'update.problem.incidentCount', n)
  if (row.sensitivity !== 'public' && row.sensitivity !== 'restricted')
    problem(`inc_sensitivity-${i}`, 'update.problem.incidentSensitivity', n)
  if (row.notes.length > 5000) problem(`inc_notes-${i}`, 'update.problem.incidentNotes', n)
  const incident: IncidentInput = {
    occurredOn: row.date,
    precision: row.precision as IncidentInput['precision'],
    locality: row.locality || null,
    latitude,
    longitude,
    freedom: row.freedom as Freedom,
    typeId,
    victimId,
    perpetratorId,
    counts,
    sensitivity: row.sensitivity as IncidentInput['sensitivity'],
    restrictedNotes: row.notes || null,
  }
  return { incident, problems }
}
