import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { forbidden, type FormProblem, invalidRequest, notFound, refused } from '../../lib/errors.js'
import { linkWarnings, WriteWarnings } from '../../lib/link-warnings.js'
import { can } from '../../lib/policies.js'
import { writeRouteSchema } from '../ratings/ratings.schema.js'
import { checkUpdateForm, COUNTS, EMPTY_INCIDENT, type UpdateForm } from './update-form.js'
import { formVocabulary, listTerms, loadUpdate } from './updates.queries.js'
import { createUpdate, saveUpdate, takeStep } from './updates.service.js'
import { allowedActions, mayCorrect, mayEdit, mayTake, mayView, updateStepProblem, WORKFLOW_ACTIONS } from './workflow.js'

/**
 * Writing updates through the API, with the permissions and checks of the forms: a personal API
 * token (Bearer) or a session with its CSRF token. Terms are given by taxonomy key.
 */
const S = (max: number) => Type.String({ maxLength: max })
const Opt = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Optional(t)
const Count = Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 9_999_999 }), Type.Null()]))
const DraftBody = Type.Object(
  {
    country: S(3),
    language: S(2),
    translationOf: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
    title: S(200),
    summary: Opt(S(1000)),
    body: Opt(S(100_000)),
    periodStart: Type.Optional(Type.Union([S(10), Type.Null()])),
    periodEnd: Type.Optional(Type.Union([S(10), Type.Null()])),
    freedoms: Type.Optional(Type.Array(S(20), { maxItems: 3 })),
    tags: Type.Optional(Type.Array(S(60), { maxItems: 50 })),
    sources: Type.Optional(
      Type.Array(
        Type.Object({ url: S(2000), title: S(300), publisher: Opt(S(200)), publishedOn: Opt(S(10)) }, { additionalProperties: false }),
        { maxItems: 100 },
      ),
    ),
    incidents: Type.Optional(
      Type.Array(
        Type.Object(
          {
            date: S(10),
            precision: Opt(S(5)),
            locality: Opt(S(200)),
            latitude: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
            longitude: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
            freedom: S(20),
            type: S(60),
            victimGroup: Opt(S(60)),
            perpetrator: Opt(S(60)),
            affected: Count,
            killed: Count,
            injured: Count,
            detained: Count,
            charged: Count,
            sensitivity: Opt(S(10)),
            restrictedNotes: Opt(S(5000)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 500 },
      ),
    ),
    revision: Type.Optional(Type.Integer({ minimum: 1, description: 'For PUT: the revision this text is based on' })),
    correction: Opt(S(2000)),
  },
  { additionalProperties: false },
)
type DraftBody = Static<typeof DraftBody>
const StepBody = Type.Object(
  {
    action: Type.Union(WORKFLOW_ACTIONS.map((a) => Type.Literal(a))),
    comment: Opt(S(5000)),
    publishAt: Opt(Type.String({ format: 'date-time' })),
    reason: Opt(S(2000)),
  },
  { additionalProperties: false },
)
const Saved = Type.Object({ id: Type.Integer(), revision: Type.Integer(), status: Type.String() })
const Written = Type.Object({ ...Saved.properties, warnings: WriteWarnings })
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

const unprocessable = (problems: FormProblem[]) => invalidRequest('invalid_update', 'The update has problems: see details.', problems)

async function toForm(deps: AppDeps, body: DraftBody): Promise<UpdateForm> {
  const terms = await listTerms(deps.db)
  const id = (key: string | undefined, vocabularies: string[]) =>
    key ? String(terms.find((t) => t.key === key && vocabularies.includes(t.vocabulary))?.id ?? `unknown:${key}`) : ''
  const text = (v: string | number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    country: body.country.toUpperCase(),
    language: body.language,
    translationOf: text(body.translationOf),
    title: body.title.trim(),
    summary: (body.summary ?? '').trim(),
    body: body.body ?? '',
    periodStart: text(body.periodStart),
    periodEnd: text(body.periodEnd),
    freedoms: body.freedoms ?? [],
    tags: (body.tags ?? []).map((k) => id(k, ['topic', 'violation', 'positive'])),
    sources: (body.sources ?? []).map((s) => ({ url: s.url, title: s.title, publisher: s.publisher ?? '', date: s.publishedOn ?? '' })),
    incidents: (body.incidents ?? []).map((x) => ({
      ...EMPTY_INCIDENT,
      date: x.date,
      precision: x.precision ?? 'day',
      locality: x.locality ?? '',
      lat: text(x.latitude),
      lon: text(x.longitude),
      freedom: x.freedom,
      type: id(x.type, ['violation', 'positive']),
      victim: id(x.victimGroup, ['victim']),
      perpetrator: id(x.perpetrator, ['perpetrator']),
      ...(Object.fromEntries(COUNTS.map((c) => [c, text(x[c])])) as Record<(typeof COUNTS)[number], string>),
      sensitivity: x.sensitivity ?? 'public',
      notes: x.restrictedNotes ?? '',
    })),
  }
}

export function registerUpdatesWriteApi(app: FastifyInstance, deps: AppDeps): void {
  const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })
  const checked = async (request: FastifyRequest, body: DraftBody) => {
    const vocabulary = await formVocabulary(deps.db, await listTerms(deps.db))
    const result = checkUpdateForm(await toForm(deps, body), vocabulary, isoDate(deps.clock()))
    if (!result.ok) throw unprocessable(result.problems)
    if (!can(request.user, 'update:write', { countryCode: result.draft.countryCode }) && !can(request.user, 'update:review'))
      throw unprocessable([{ field: 'country', message: 'update.problem.notYours' }])
    return result.draft
  }
  const saved = async (id: number) => {
    const update = (await loadUpdate(deps.db, id))!
    return { id, revision: update.revision, status: update.status }
  }
  const target = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const update = await loadUpdate(deps.db, Number(request.params.id))
    if (!update) throw notFound('update')
    if (!mayView(request.user!, update)) throw forbidden()
    return update
  }
  const schema = (summary: string, body: unknown, params = false, result: unknown = Saved) =>
    writeRouteSchema({ summary, tag: 'updates (writing)', body, params: params ? Params : undefined, result })
  const written = async (id: number, draft: { body: string }) => ({ ...(await saved(id)), warnings: linkWarnings({ body: draft.body }) })

  app.post<{ Body: DraftBody }>(
    '/api/v1/updates',
    { config: { policy: 'update:write' }, schema: schema('Create a draft update', DraftBody, false, Written) },
    async (request, reply) => {
      const draft = await checked(request, request.body)
      const id = await createUpdate(deps.db, draft, context(request))
      return reply.code(201).send(await written(id, draft))
    },
  )

  app.put<{ Params: { id: string }; Body: DraftBody }>(
    '/api/v1/updates/:id',
    {
      config: { policy: 'update:write' },
      schema: schema('Save a new revision of an update (a correction note is required once published)', DraftBody, true, Written),
    },
    async (request) => {
      const update = await target(request)
      if (!mayEdit(request.user!, update) && !mayCorrect(request.user!, update))
        throw forbidden('This update cannot be changed in its status.')
      const draft = await checked(request, request.body)
      const correcting = update.status === 'published'
      if (correcting && !request.body.correction?.trim())
        throw unprocessable([{ field: 'correction', message: 'update.problem.correction' }])
      await saveUpdate(deps.db, update.id, draft, {
        ...context(request),
        basedOn: request.body.revision ?? update.revision,
        correction: correcting ? request.body.correction!.trim() : undefined,
      })
      return written(update.id, draft)
    },
  )

  app.post<{ Params: { id: string }; Body: Static<typeof StepBody> }>(
    '/api/v1/updates/:id/workflow',
    {
      config: { policy: 'update:write' },
      schema: schema('Take a workflow step: submit, request_changes, approve, schedule, unschedule, withdraw', StepBody, true),
    },
    async (request) => {
      const update = await target(request)
      const { action, comment, publishAt, reason } = request.body
      if (!mayTake(request.user!, update, action)) throw forbidden(`Your account may not take the step "${action}" on an update.`)
      const allowed = allowedActions(request.user!, update)
      if (!allowed.includes(action)) throw refused(updateStepProblem(update.status, allowed))
      const problems: FormProblem[] = []
      if (action === 'request_changes' && !comment?.trim()) problems.push({ field: 'comment', message: 'workflow.problem.comment' })
      if (action === 'withdraw' && !reason?.trim()) problems.push({ field: 'reason', message: 'workflow.problem.reason' })
      if (action === 'schedule' && !publishAt) problems.push({ field: 'publishAt', message: 'workflow.problem.publishAt' })
      if (problems.length > 0) throw unprocessable(problems)
      await takeStep(deps.db, update.id, action, [update.status], {
        ...context(request),
        comment: comment?.trim(),
        reason: reason?.trim(),
        publishAt: publishAt ? new Date(publishAt) : undefined,
      })
      return saved(update.id)
    },
  )
}
