import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { invalidRequest, notFound, refusalOf, type FormProblem } from '../../lib/errors.js'
import { linkWarningsByLanguage, WriteWarnings } from '../../lib/link-warnings.js'
import { writeRouteSchema } from '../ratings/ratings.schema.js'
import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { checkPublicationForm, CONTACT_SLOTS, QUOTE_SLOTS, readPublicationForm } from './publication-form.js'
import { loadPublication, publicationIdByRef } from './publications.queries.js'
import { correctPublication, createPublication, PUBLICATION_ACTIONS, withdrawPublication } from './publications.service.js'
import type { Publisher } from './publisher.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

/**
 * The publication forms as an API, with the same checks (the body is turned into the form and
 * checked by publication-form.ts): a personal API token (Bearer) or a session with its CSRF token.
 */
const Text = Type.Object(
  {
    language: Type.Union(CONTENT_LANGUAGES.map((l) => Type.Literal(l))),
    title: Type.String({ maxLength: 300 }),
    slug: Type.Optional(Type.String({ maxLength: 120 })),
    summary: Type.Optional(Type.String({ maxLength: 2000 })),
    body: Type.Optional(Type.String({ maxLength: 100_000 })),
    quotes: Type.Optional(
      Type.Array(
        Type.Object(
          { text: Type.String({ maxLength: 2000 }), attribution: Type.String({ maxLength: 300 }) },
          { additionalProperties: false },
        ),
        {
          maxItems: QUOTE_SLOTS,
        },
      ),
    ),
    contacts: Type.Optional(
      Type.Array(
        Type.Object(
          {
            name: Type.Optional(Type.String({ maxLength: 200 })),
            role: Type.Optional(Type.String({ maxLength: 200 })),
            email: Type.Optional(Type.String({ maxLength: 200 })),
            phone: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        { maxItems: CONTACT_SLOTS },
      ),
    ),
  },
  { additionalProperties: false },
)
const DraftBody = Type.Object(
  {
    kind: Type.Union(PUBLICATION_KINDS.map((k) => Type.Literal(k))),
    countries: Type.Optional(Type.Array(Type.String({ maxLength: 3 }), { maxItems: 50 })),
    decisions: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
    updates: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
    watchlistEdition: Type.Optional(Type.Integer({ minimum: 1, description: 'The watchlist edition a watchlist report presents' })),
    findingsYear: Type.Optional(Type.Integer({ minimum: 1900, maximum: 2200, description: 'The year annual findings cover' })),
    texts: Type.Array(Text, { minItems: 1, maxItems: CONTENT_LANGUAGES.length }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Required to correct a published publication: what changes and why' })),
  },
  { additionalProperties: false },
)
type DraftBody = Static<typeof DraftBody>
const StepBody = Type.Object(
  {
    action: Type.Union(PUBLICATION_ACTIONS.map((a) => Type.Literal(a))),
    embargoUntil: Type.Optional(Type.String({ format: 'date-time', description: 'For schedule: an instant with its offset' })),
    zone: Type.Optional(Type.String({ maxLength: 60, description: 'The IANA time zone the embargo is shown in (default UTC)' })),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'For withdraw: why, shown publicly with the date' })),
  },
  { additionalProperties: false },
)
// Writes name a publication by one of its slugs (as GET /api/v1/publications/{slug} does) or by its number.
const Params = Type.Object({
  slug: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 120, description: 'One of the publication’s slugs, or its number' }),
})
const Result = Type.Object({ id: Type.Integer(), status: Type.String() })
const Written = Type.Object({ ...Result.properties, warnings: WriteWarnings })
/** The links each language version's body shows as text only. */
const warningsOf = (body: DraftBody) =>
  linkWarningsByLanguage('body', Object.fromEntries(body.texts.map((text) => [text.language, text.body ?? ''])))
const BODY_LIMIT = 1024 * 1024

const unprocessable = (problems: FormProblem[]) =>
  invalidRequest('invalid_publication', 'The publication has problems: see details.', problems)

/** The JSON body as the form would have sent it, so one set of checks serves both. */
function toForm(body: DraftBody) {
  const fields: Record<string, string | string[]> = {
    kind: body.kind,
    countries: body.countries ?? [],
    decisions: (body.decisions ?? []).join(','),
    updates: (body.updates ?? []).join(','),
    watchlist_edition: body.watchlistEdition === undefined ? '' : String(body.watchlistEdition),
    findings_year: body.findingsYear === undefined ? '' : String(body.findingsYear),
  }
  for (const text of body.texts) {
    const l = text.language
    if (fields[`title_${l}`] !== undefined) throw unprocessable([{ field: `title_${l}`, message: 'publication.form.problem.slugRepeated' }])
    Object.assign(fields, {
      [`title_${l}`]: text.title,
      [`slug_${l}`]: text.slug ?? '',
      [`summary_${l}`]: text.summary ?? '',
      [`body_${l}`]: text.body ?? '',
    })
    ;(text.quotes ?? []).forEach((q, i) => Object.assign(fields, { [`quote_${l}_${i}`]: q.text, [`quote_by_${l}_${i}`]: q.attribution }))
    ;(text.contacts ?? []).forEach((c, i) =>
      Object.assign(fields, {
        [`contact_name_${l}_${i}`]: c.name ?? '',
        [`contact_role_${l}_${i}`]: c.role ?? '',
        [`contact_email_${l}_${i}`]: c.email ?? '',
        [`contact_phone_${l}_${i}`]: c.phone ?? '',
      }),
    )
  }
  const checked = checkPublicationForm(readPublicationForm(fields))
  if (!checked.ok) throw unprocessable(checked.problems)
  return checked.draft
}

export function registerPublicationsWriteApi(app: FastifyInstance, deps: AppDeps, publisher: Publisher): void {
  const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })
  const target = async (request: FastifyRequest<{ Params: { slug: string } }>) => {
    const id = await publicationIdByRef(deps.db, request.params.slug)
    const publication = id === null ? null : await loadPublication(deps.db, id)
    if (!publication) throw notFound('publication')
    return publication
  }
  const refused = async <T>(work: () => Promise<T>, status = 409): Promise<T> => {
    try {
      return await work()
    } catch (error) {
      // A refusal is already a 409 with its English message; a 422 lists it as the form's problem.
      const problem = refusalOf(error)
      if (problem && status === 422) throw unprocessable([problem])
      throw error
    }
  }
  const schema = (summary: string, body: unknown, params = false, result: unknown = Result) =>
    writeRouteSchema({ summary, tag: 'publications (writing)', body, params: params ? Params : undefined, result })
  const config = { policy: 'publication:write' as const }

  app.post<{ Body: DraftBody }>(
    '/api/v1/publications',
    { config, bodyLimit: BODY_LIMIT, schema: schema('Write a publication (a draft)', DraftBody, false, Written) },
    async (request, reply) => {
      const draft = toForm(request.body)
      const id = await refused(() => createPublication(deps.db, context(request), draft), 422)
      return reply.code(201).send({ id, status: 'draft', warnings: warningsOf(request.body) })
    },
  )

  app.put<{ Params: { slug: string }; Body: DraftBody }>(
    '/api/v1/publications/:slug',
    {
      config,
      bodyLimit: BODY_LIMIT,
      schema: schema('Change a publication; a published one is corrected (a note is required)', DraftBody, true, Written),
    },
    async (request) => {
      const publication = await target(request)
      const draft = toForm(request.body)
      await refused(
        () =>
          publication.status === 'published'
            ? correctPublication(deps.db, context(request), publication.id, draft, (request.body.note ?? '').trim())
            : publisher.save(deps.db, context(request), publication.id, draft),
        422,
      )
      return { id: publication.id, status: publication.status, warnings: warningsOf(request.body) }
    },
  )

  app.post<{ Params: { slug: string }; Body: Static<typeof StepBody> }>(
    '/api/v1/publications/:slug/workflow',
    {
      config,
      schema: schema(
        'Take a step: submit, return, schedule (with embargoUntil and zone), publish_now, unschedule, withdraw (with reason)',
        StepBody,
        true,
      ),
    },
    async (request) => {
      const publication = await target(request)
      const { action, embargoUntil, zone } = request.body
      const reason = (request.body.reason ?? '').trim()
      if (action === 'schedule' && !embargoUntil)
        throw unprocessable([{ field: 'embargoUntil', message: 'publication.form.problem.embargo' }])
      if (action === 'withdraw' && !reason) throw unprocessable([{ field: 'reason', message: 'workflow.problem.reason' }])
      if (action === 'withdraw') {
        await withdrawPublication(deps.db, context(request), publication.id, reason)
        return { id: publication.id, status: 'withdrawn' }
      }
      const embargo = embargoUntil ? { until: new Date(embargoUntil), zone: zone ?? 'UTC' } : undefined
      const status = await refused(() => publisher.takeStep(deps.db, context(request), publication.id, action, embargo))
      if (action === 'publish_now') await publisher.publishDue(deps.db, deps.clock(), deps.config.publicUrl)
      return { id: publication.id, status: action === 'publish_now' ? 'published' : status }
    },
  )
}
