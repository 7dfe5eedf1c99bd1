import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { forbidden, invalidRequest, notFound, refusalOf, type FormProblem } from '../../lib/errors.js'
import { linkWarningsByLanguage, WriteWarnings } from '../../lib/link-warnings.js'
import { authorize } from '../../lib/policies.js'
import { methodologyInForce } from '../methodology/methodology.queries.js'
import { writeRouteSchema } from '../ratings/ratings.schema.js'
import { checkDecisionForm, readDecisionForm } from './decision-form.js'
import { loadDecision } from './decisions.queries.js'
import { castVote, createDecision, DECISION_ACTIONS, mayTake, saveDecision, takeDecisionStep } from './decisions.service.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

/**
 * The rating decision forms as an API, with the same checks and permissions: a personal API token
 * (Bearer) or a session with its CSRF token.
 */
const DraftBody = Type.Object(
  {
    country: Type.String({ maxLength: 3 }),
    toCategory: Type.String({ maxLength: 20 }),
    toScore: Type.Integer(),
    rationale: Type.Record(Type.String({ maxLength: 2 }), Type.String({ maxLength: 10_000 })),
    evidence: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 50 })),
    underReview: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
type DraftBody = Static<typeof DraftBody>
const StepBody = Type.Object(
  {
    action: Type.Union(DECISION_ACTIONS.map((a) => Type.Literal(a))),
    embargoUntil: Type.Optional(Type.String({ format: 'date-time', description: 'For schedule: an instant with its offset' })),
  },
  { additionalProperties: false },
)
const VoteBody = Type.Object(
  {
    vote: Type.Union(['approve', 'reject', 'abstain', 'conflict'].map((v) => Type.Literal(v))),
    comment: Type.Optional(Type.String({ maxLength: 5000 })),
  },
  { additionalProperties: false },
)
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const Result = Type.Object({ id: Type.Integer(), status: Type.String() })
const Written = Type.Object({ ...Result.properties, warnings: WriteWarnings })

const unprocessable = (problems: FormProblem[]) => invalidRequest('invalid_decision', 'The decision has problems: see details.', problems)

export function registerDecisionsWriteApi(app: FastifyInstance, deps: AppDeps): void {
  const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })
  const checked = async (body: DraftBody) => {
    const unknownLanguage = Object.keys(body.rationale).find((l) => !(CONTENT_LANGUAGES as readonly string[]).includes(l))
    if (unknownLanguage) throw unprocessable([{ field: `rationale_${unknownLanguage}`, message: 'decision.problem.rationale' }])
    const methodology = await methodologyInForce(deps.db)
    if (!methodology) throw unprocessable([{ field: 'decision-title', message: 'decision.problem.noMethodology' }])
    const form = readDecisionForm({
      country: body.country,
      to_category: body.toCategory,
      to_score: String(body.toScore),
      evidence: (body.evidence ?? []).join(','),
      under_review: body.underReview ? 'true' : '',
      ...Object.fromEntries(Object.entries(body.rationale).map(([l, text]) => [`rationale_${l}`, text])),
    })
    const result = checkDecisionForm(form, methodology.config.bands)
    if (!result.ok) throw unprocessable(result.problems)
    return result.draft
  }
  const target = async (request: FastifyRequest<{ Params: { id: string } }>) => {
    const decision = await loadDecision(deps.db, Number(request.params.id))
    if (!decision) throw notFound('decision')
    authorize(request.user, 'rating:view', decision)
    return decision
  }
  const schema = (summary: string, body: unknown, params = false, result: unknown = Result) =>
    writeRouteSchema({ summary, tag: 'ratings (writing)', body, params: params ? Params : undefined, result })

  app.post<{ Body: DraftBody }>(
    '/api/v1/decisions',
    { config: { policy: 'rating:propose' }, schema: schema('Draft a rating decision', DraftBody, false, Written) },
    async (request, reply) => {
      const draft = await checked(request.body)
      authorize(request.user, 'rating:propose', { countryCode: draft.countryCode })
      try {
        const id = await createDecision(deps.db, context(request), draft)
        return reply.code(201).send({ id, status: 'draft', warnings: linkWarningsByLanguage('rationale', draft.rationale) })
      } catch (error) {
        const problem = refusalOf(error)
        if (problem) throw unprocessable([problem])
        throw error
      }
    },
  )

  app.put<{ Params: { id: string }; Body: DraftBody }>(
    '/api/v1/decisions/:id',
    {
      config: { policy: 'rating:propose' },
      schema: schema('Change a draft rating decision (its country stays)', DraftBody, true, Written),
    },
    async (request) => {
      const decision = await target(request)
      authorize(request.user, 'rating:propose', decision)
      const draft = await checked({ ...request.body, country: decision.countryCode })
      await saveDecision(deps.db, context(request), decision.id, draft)
      return { id: decision.id, status: 'draft', warnings: linkWarningsByLanguage('rationale', draft.rationale) }
    },
  )

  app.post<{ Params: { id: string }; Body: Static<typeof StepBody> }>(
    '/api/v1/decisions/:id/workflow',
    {
      config: { policy: 'rating:view' },
      schema: schema('Take a step: submit, return, close, schedule, unschedule, flag, unflag', StepBody, true),
    },
    async (request) => {
      const decision = await target(request)
      if (!mayTake(request.user!, decision, request.body.action)) throw forbidden()
      const embargo = request.body.embargoUntil ? new Date(request.body.embargoUntil) : undefined
      return { id: decision.id, status: await takeDecisionStep(deps.db, context(request), decision.id, request.body.action, embargo) }
    },
  )

  app.post<{ Params: { id: string }; Body: Static<typeof VoteBody> }>(
    '/api/v1/decisions/:id/votes',
    {
      config: { policy: 'rating:vote' },
      schema: schema('Vote on a decision with the panel, or declare a conflict of interest', VoteBody, true),
    },
    async (request) => {
      const decision = await target(request)
      const comment = request.body.comment ?? ''
      const choice =
        request.body.vote === 'conflict' ? { conflict: true as const, comment } : { vote: request.body.vote as 'approve', comment }
      await castVote(deps.db, context(request), decision.id, choice)
      return { id: decision.id, status: decision.status }
    },
  )
}
