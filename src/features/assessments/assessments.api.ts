import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { ErrorResponse, forbidden, invalidRequest } from '../../lib/errors.js'
import { translator } from '../../lib/i18n.js'
import { can } from '../../lib/policies.js'
import { listCountries } from '../countries/countries.queries.js'
import { checkAssessmentForm, type AssessmentForm } from './assessment-form.js'
import { listAssessments, loadAssessment, type Assessment } from './assessments.queries.js'
import { createAssessment } from './assessments.service.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/**
 * Assessments through the API, for staff: the form's rules and permissions, a personal API
 * token (Bearer) or a session with its CSRF token. Kind, trend and the scores are checked by
 * the same code as the form, so both give the same messages.
 */
const LIMIT = 100
const Score = Type.Optional(
  Type.Union([Type.Number(), Type.Null()], {
    description: 'A whole number from 1 to 100 (higher is freer); null or absent when not assessed',
  }),
)
const NewAssessment = Type.Object(
  {
    country: Type.String({ maxLength: 3, description: 'ISO alpha-3 code of a country you may assess' }),
    kind: Type.String({ maxLength: 20, description: '"analysis" (key analysis) or "partner" (partner input)' }),
    periodStart: Type.String({ maxLength: 10, description: 'First day of the period assessed, YYYY-MM-DD, not in the future' }),
    periodEnd: Type.String({ maxLength: 10, description: 'Last day of the period assessed, YYYY-MM-DD, not before periodStart' }),
    association: Score,
    assembly: Score,
    expression: Score,
    trend: Type.String({ maxLength: 20, description: '"declining", "stable" or "improving"' }),
    justification: Type.String({ maxLength: 20_000, description: 'Markdown, 1 to 10,000 characters' }),
  },
  { additionalProperties: false },
)
type NewAssessment = Static<typeof NewAssessment>
const Nullable = (schema: ReturnType<typeof Type.Integer>) => Type.Union([schema, Type.Null()])
const AssessmentSchema = Type.Object({
  id: Type.Integer(),
  country: Type.String({ pattern: '^[A-Z]{3}$' }),
  kind: Type.Union([Type.Literal('analysis'), Type.Literal('partner')]),
  periodStart: Type.String({ format: 'date' }),
  periodEnd: Type.String({ format: 'date' }),
  scores: Type.Object({
    association: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
    assembly: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
    expression: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  }),
  trend: Type.Union([Type.Literal('declining'), Type.Literal('stable'), Type.Literal('improving')]),
  justification: Type.String({ description: 'Markdown' }),
  author: Type.Object({ id: Type.Integer(), name: Type.String() }),
  createdAt: Type.String({ format: 'date-time' }),
})
const ListQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  kind: Type.Optional(Type.Union([Type.Literal('analysis'), Type.Literal('partner')])),
  cursor: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$', description: 'The "next" value of the previous page' })),
})
const en = translator('en')

function present(a: Assessment): Static<typeof AssessmentSchema> {
  return {
    id: a.id,
    country: a.countryCode,
    kind: a.kind,
    periodStart: a.periodStart,
    periodEnd: a.periodEnd,
    scores: a.scores,
    trend: a.trend,
    justification: a.justification,
    author: { id: a.authorId, name: a.author },
    createdAt: a.createdAt.toISOString(),
  }
}

function toForm(body: NewAssessment): AssessmentForm {
  const text = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v))
  return {
    country: body.country.toUpperCase(),
    kind: body.kind,
    periodStart: body.periodStart,
    periodEnd: body.periodEnd,
    ...(Object.fromEntries(FREEDOMS.map((f) => [f, text(body[f])])) as Record<(typeof FREEDOMS)[number], string>),
    trend: body.trend,
    justification: body.justification,
  }
}

export function registerAssessmentsApi(app: FastifyInstance, deps: AppDeps): void {
  app.post<{ Body: NewAssessment }>(
    '/api/v1/assessments',
    {
      config: { policy: 'rating:propose' },
      schema: {
        summary: 'Enter an assessment (key analysis or partner input) for a country and period; records are never edited',
        tags: ['assessments'],
        body: NewAssessment,
        response: { 201: AssessmentSchema, 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 422: ErrorResponse },
      },
    },
    async (request, reply) => {
      const form = toForm(request.body)
      const countries = new Set((await listCountries(deps.db)).map((c) => c.code))
      if (countries.has(form.country) && !can(request.user, 'rating:propose', { countryCode: form.country }))
        throw forbidden(en('assessment.problem.notYours'))
      const checked = checkAssessmentForm(form, { countries, today: isoDate(deps.clock()) })
      if (!checked.ok) throw invalidRequest('invalid_assessment', 'The assessment has problems: see details.', checked.problems)
      const id = await createAssessment(deps.db, checked.input, { userId: request.user!.id, ip: request.ip })
      return reply
        .code(201)
        .header('Cache-Control', 'no-store')
        .send(present((await loadAssessment(deps.db, id))!))
    },
  )

  app.get<{ Querystring: Static<typeof ListQuery> }>(
    '/api/v1/assessments',
    {
      config: { policy: 'rating:view' },
      schema: {
        summary: 'Assessments you may read (researchers: their countries), newest entered first',
        tags: ['assessments'],
        querystring: ListQuery,
        response: {
          200: Type.Object({ assessments: Type.Array(AssessmentSchema), next: Type.Union([Type.String(), Type.Null()]) }),
          400: ErrorResponse,
          401: ErrorResponse,
          403: ErrorResponse,
        },
      },
    },
    async (request, reply) => {
      const user = request.user!
      const { country, kind, cursor } = request.query
      if (country && !can(user, 'rating:view', { countryCode: country }))
        throw forbidden('You may read assessments only of the countries you are assigned to.')
      const rows = await listAssessments(deps.db, user, { country, kind, before: cursor ? Number(cursor) : undefined }, LIMIT + 1)
      const page = rows.slice(0, LIMIT)
      const next = rows.length > LIMIT ? String(page.at(-1)!.id) : null
      return reply.header('Cache-Control', 'no-store').send({ assessments: page.map(present), next })
    },
  )
}
