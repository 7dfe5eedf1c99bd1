import type { Kysely } from 'kysely'
import { withActor, type Actor } from '../../db/audit.js'
import type { DB, UpdateStatus } from '../../db/schema.js'
import { extraFieldsProblem, readCsvRecords } from '../../lib/csv-records.js'
import { translator } from '../../lib/i18n.js'
import type { FormProblem } from '../../lib/errors.js'
import { checkIncidentRow, checkUpdateForm, EMPTY_INCIDENT, type IncidentInput, type IncidentRow, type UpdateDraft } from './update-form.js'
import { formVocabulary, listTerms } from './updates.queries.js'
import { columns, incidentRow, writeChildren } from './updates.service.js'

/**
 * `civic-monitor import updates|incidents FILE.csv`: every line is checked with the same rules as
 * the forms; any bad line and nothing is written, each problem reported as its line number and
 * reason. A good file is written in one transaction. Updates with a past `published_at` arrive
 * published, a future one scheduled, none as drafts; each gets revision 1. Incidents name their
 * update by the `ref` it had in its updates file.
 */
export const UPDATE_COLUMNS = [
  'ref',
  'country',
  'language',
  'title',
  'summary',
  'body',
  'period_start',
  'period_end',
  'freedoms',
  'tags',
  'published_at',
  'source_url',
  'source_title',
  'source_publisher',
  'source_date',
] as const
export const INCIDENT_COLUMNS = [
  'update_ref',
  'date',
  'precision',
  'locality',
  'latitude',
  'longitude',
  'freedom',
  'type',
  'victim_group',
  'perpetrator',
  'affected',
  'killed',
  'injured',
  'detained',
  'charged',
  'sensitivity',
  'restricted_notes',
] as const

export interface LineError {
  line: number
  message: string
}
export type Progress = (checked: number, total: number) => void
type Row = Record<string, string>

const en = translator('en')
const reasons = (problems: FormProblem[]) => problems.map((p) => en(p.message, p.params).replace(/^(Incident|Source) \d+: /, ''))

/** The file's records by column name, each with the line it starts on (lib/csv-records.ts, as the other importers). */
function readCsv(
  text: string,
  columns: readonly string[],
  items: [one: string, many: string],
): { rows: { line: number; row: Row }[]; errors: LineError[] } {
  const read = readCsvRecords(text, items)
  if ('error' in read) return { rows: [], errors: [read.error] }
  const { header } = read
  const missing = columns.filter(
    (c) => !header.includes(c) && ['ref', 'update_ref', 'country', 'language', 'title', 'date', 'freedom', 'type'].includes(c),
  )
  const unknown = header.filter((c) => !columns.includes(c))
  if (missing.length > 0 || unknown.length > 0)
    return {
      rows: [],
      errors: [
        {
          line: 1,
          message: [
            missing.length ? `missing columns ${missing.join(', ')}` : '',
            unknown.length ? `unknown columns ${unknown.join(', ')} (expected ${columns.join(', ')})` : '',
          ]
            .filter(Boolean)
            .join('; '),
        },
      ],
    }
  const rows: { line: number; row: Row }[] = []
  const errors: LineError[] = []
  for (const { line, values } of read.lines) {
    const extra = extraFieldsProblem(line, values, header)
    if (extra) errors.push(extra)
    else rows.push({ line, row: Object.fromEntries(header.map((name, i) => [name, (values[i] ?? '').trim()])) })
  }
  return { rows, errors }
}

async function context(db: Kysely<DB>) {
  const terms = await listTerms(db)
  const vocabulary = await formVocabulary(db, terms)
  const keyToId = (vocabularies: string[]) => (key: string) =>
    String(terms.find((t) => t.key === key && vocabularies.includes(t.vocabulary) && !t.retired)?.id ?? (key ? `unknown:${key}` : ''))
  return {
    vocabulary,
    tagId: keyToId(['topic', 'violation', 'positive']),
    typeId: keyToId(['violation', 'positive']),
    victimId: keyToId(['victim']),
    perpetratorId: keyToId(['perpetrator']),
  }
}

export async function importUpdates(
  db: Kysely<DB>,
  text: string,
  options: { authorEmail: string; actor: Actor; now: Date; progress?: Progress; sample?: boolean },
): Promise<{ inserted: number; errors: LineError[] }> {
  const { rows, errors } = readCsv(text, UPDATE_COLUMNS, ['update', 'updates'])
  if (errors.length > 0) return { inserted: 0, errors }
  const author = await db
    .selectFrom('users')
    .select(['id', 'organisation_id'])
    .where('email', '=', options.authorEmail.toLowerCase())
    .where('status', '=', 'active')
    .executeTakeFirst()
  if (!author)
    return { inserted: 0, errors: [{ line: 0, message: `no active account with the address ${options.authorEmail} to credit as author` }] }
  const { vocabulary, tagId } = await context(db)
  const today = options.now.toISOString().slice(0, 10)
  const refs = new Set(
    (await db.selectFrom('updates').select('import_ref').where('import_ref', 'is not', null).execute()).map((r) => r.import_ref),
  )
  const checked: { ref: string; draft: UpdateDraft; publishAt: Date | null }[] = []
  rows.forEach(({ line, row }, i) => {
    const fail = (message: string) => errors.push({ line, message })
    const ref = row.ref ?? ''
    if (!/^[\w.-]{1,100}$/.test(ref)) fail('ref: give an identifier of 1 to 100 letters, digits, dots, dashes or underscores')
    else if (refs.has(ref)) fail(`ref: "${ref}" is already used, in this file or by an earlier import`)
    refs.add(ref)
    const list = (value = '') =>
      value
        .split(';')
        .map((v) => v.trim())
        .filter(Boolean)
    const result = checkUpdateForm(
      {
        country: (row.country ?? '').toUpperCase(),
        language: row.language ?? '',
        translationOf: '',
        title: row.title ?? '',
        summary: row.summary ?? '',
        body: row.body ?? '',
        periodStart: row.period_start ?? '',
        periodEnd: row.period_end ?? '',
        freedoms: list(row.freedoms),
        tags: list(row.tags).map(tagId),
        sources:
          row.source_url || row.source_title
            ? [
                {
                  url: row.source_url ?? '',
                  title: row.source_title ?? '',
                  publisher: row.source_publisher ?? '',
                  date: row.source_date ?? '',
                },
              ]
            : [],
        incidents: [],
      },
      vocabulary,
      today,
    )
    let publishAt: Date | null = null
    if (row.published_at) {
      publishAt = new Date(row.published_at)
      if (
        !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(row.published_at) ||
        Number.isNaN(publishAt.getTime())
      )
        fail('published_at: use an ISO 8601 time with its zone, such as 2030-06-20T00:01:00+06:00')
    }
    if (!result.ok) for (const reason of reasons(result.problems)) fail(reason)
    else checked.push({ ref, draft: result.draft, publishAt })
    options.progress?.(i + 1, rows.length)
  })
  if (errors.length > 0) return { inserted: 0, errors: errors.sort((a, b) => a.line - b.line) }
  await withActor(db, options.actor, async (trx) => {
    for (const { ref, draft, publishAt } of checked) {
      const status: UpdateStatus = publishAt === null ? 'draft' : publishAt <= options.now ? 'published' : 'scheduled'
      const { id } = await trx
        .insertInto('updates')
        .values({
          ...columns(draft),
          author_id: author.id,
          organisation_id: author.organisation_id,
          status,
          publish_at: publishAt,
          published_at: status === 'published' ? publishAt : null,
          import_ref: ref,
          sample: options.sample ?? false,
          created_at: options.now,
          updated_at: options.now,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await writeChildren(trx, id, draft)
      await trx
        .insertInto('update_revisions')
        .values({ update_id: id, number: 1, saved_by: null, saved_at: options.now, status, snapshot: JSON.stringify(draft) })
        .execute()
    }
  })
  return { inserted: checked.length, errors: [] }
}

export async function importIncidents(
  db: Kysely<DB>,
  text: string,
  options: { actor: Actor; now: Date; progress?: Progress },
): Promise<{ inserted: number; errors: LineError[] }> {
  const { rows, errors } = readCsv(text, INCIDENT_COLUMNS, ['incident', 'incidents'])
  if (errors.length > 0) return { inserted: 0, errors }
  const { vocabulary, typeId, victimId, perpetratorId } = await context(db)
  const today = options.now.toISOString().slice(0, 10)
  const updates = new Map(
    (await db.selectFrom('updates').select(['id', 'import_ref']).where('import_ref', 'is not', null).execute()).map((u) => [
      u.import_ref!,
      u.id,
    ]),
  )
  const checked: { updateId: number; incident: IncidentInput }[] = []
  rows.forEach(({ line, row }, i) => {
    const updateId = updates.get(row.update_ref ?? '')
    if (updateId === undefined) errors.push({ line, message: `update_ref: no imported update has the ref "${row.update_ref ?? ''}"` })
    const form: IncidentRow = {
      ...EMPTY_INCIDENT,
      date: row.date ?? '',
      precision: row.precision || 'day',
      locality: row.locality ?? '',
      lat: row.latitude ?? '',
      lon: row.longitude ?? '',
      freedom: row.freedom ?? '',
      type: typeId(row.type ?? ''),
      victim: victimId(row.victim_group ?? ''),
      perpetrator: perpetratorId(row.perpetrator ?? ''),
      affected: row.affected ?? '',
      killed: row.killed ?? '',
      injured: row.injured ?? '',
      detained: row.detained ?? '',
      charged: row.charged ?? '',
      sensitivity: row.sensitivity || 'public',
      notes: row.restricted_notes ?? '',
    }
    const result = checkIncidentRow(form, i, vocabulary, today)
    for (const reason of reasons(result.problems)) errors.push({ line, message: reason })
    if (updateId !== undefined && result.problems.length === 0) checked.push({ updateId, incident: result.incident })
    options.progress?.(i + 1, rows.length)
  })
  if (errors.length > 0) return { inserted: 0, errors }
  await withActor(db, options.actor, async (trx) => {
    for (let start = 0; start < checked.length; start += 500) {
      await trx
        .insertInto('incidents')
        .values(checked.slice(start, start + 500).map(({ updateId, incident }, k) => incidentRow(updateId, 1000 + start + k, incident)))
        .execute()
    }
  })
  return { inserted: checked.length, errors: [] }
}
