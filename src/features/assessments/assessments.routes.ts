import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { forbidden, type FormProblem, notFound } from '../../lib/errors.js'
import { can, ratingScope } from '../../lib/policies.js'
import { sendPrivatePage } from '../../web/layout.js'
import { pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { ASSESSMENT_KINDS, checkAssessmentForm, EMPTY_ASSESSMENT, readAssessmentForm, type AssessmentForm } from './assessment-form.js'
import { AssessmentFormPage } from './assessment-form.views.js'
import { listAssessments, loadAssessment } from './assessments.queries.js'
import { createAssessment } from './assessments.service.js'
import { AssessmentListPage, AssessmentPage } from './assessments.views.js'

/**
 * /workspace/assessments: researchers' key analysis and partners' input, entered per country
 * and period. Reading needs 'rating:view' (researchers see their countries); entering needs
 * 'rating:propose' for the country. Records are never edited: a correction is a new record.
 */
const Code = Type.String({ pattern: '^[A-Z]{3}$' })
const Kind = Type.Union(ASSESSMENT_KINDS.map((k) => Type.Literal(k)))
const ListQuery = Type.Object({ country: Type.Optional(Code), kind: Type.Optional(Kind) })
const NewQuery = Type.Object({
  country: Type.Optional(Code),
  kind: Type.Optional(Kind),
  period_start: Type.Optional(Type.String({ format: 'date' })),
  period_end: Type.Optional(Type.String({ format: 'date' })),
})
const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20_000 }))
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const ViewQuery = Type.Object({ saved: Type.Optional(Type.String({ maxLength: 10 })) })

export function registerAssessmentPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/workspace/assessments')) {
    const countryNames = async () => {
      const countries = await listCountries(deps.db)
      return countries.map((c) => ({ code: c.code, name: c.names[locale] })).sort((a, b) => a.name.localeCompare(b.name, locale))
    }

    app.get<{ Querystring: Static<typeof ListQuery> }>(
      url,
      { config: { policy: 'rating:view' }, schema: { hide: true, querystring: ListQuery } },
      async (request, reply) => {
        const user = request.user!
        const [rows, countries] = await Promise.all([listAssessments(deps.db, user, request.query, 200), countryNames()])
        const ctx = pageContext(locale, '/workspace/assessments', deps.assets, deps.config.publicUrl)
        const model = {
          rows,
          names: new Map(countries.map((c) => [c.code, c.name])),
          filter: request.query,
          countryOptions: countries
            .filter((c) => can(user, 'rating:view', { countryCode: c.code }))
            .map((c) => ({ value: c.code, label: c.name })),
          canPropose: can(user, 'rating:propose'),
        }
        return sendPrivatePage(reply, 200, h(AssessmentListPage, { ctx, model }))
      },
    )

    const showForm = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      form: AssessmentForm,
      problems: FormProblem[],
    ) => {
      const user = request.user!
      const ctx = pageContext(locale, '/workspace/assessments/new', deps.assets, deps.config.publicUrl)
      const countries = (await countryNames()).filter((c) => can(user, 'rating:propose', { countryCode: c.code }))
      const model = { action: `${url}/new`, form, problems, csrf: request.session?.csrfToken ?? '', countries }
      return sendPrivatePage(reply, status, h(AssessmentFormPage, { ctx, model }))
    }

    app.get<{ Querystring: Static<typeof NewQuery> }>(
      `${url}/new`,
      { config: { policy: 'rating:propose' }, schema: { hide: true, querystring: NewQuery } },
      (request, reply) => {
        const { country, kind, period_start, period_end } = request.query
        const scope = ratingScope(request.user!)
        const form: AssessmentForm = {
          ...EMPTY_ASSESSMENT,
          country: country ?? (scope === 'all' ? '' : (scope[0] ?? '')),
          kind: kind ?? EMPTY_ASSESSMENT.kind,
          periodStart: period_start ?? '',
          periodEnd: period_end ?? '',
        }
        return showForm(request, reply, 200, form, [])
      },
    )

    app.post<{ Body: Record<string, string> }>(
      `${url}/new`,
      { config: { policy: 'rating:propose' }, schema: { hide: true, body: FormBody } },
      async (request, reply) => {
        const user = request.user!
        const form = readAssessmentForm(request.body)
        const countries = new Set((await listCountries(deps.db)).map((c) => c.code))
        // Someone else's country is refused outright (403), before any other check.
        if (countries.has(form.country) && !can(user, 'rating:propose', { countryCode: form.country }))
          return showForm(request, reply, 403, form, [{ field: 'country', message: 'assessment.problem.notYours' }])
        const checked = checkAssessmentForm(form, { countries, today: isoDate(deps.clock()) })
        if (!checked.ok) return showForm(request, reply, 422, form, checked.problems)
        const id = await createAssessment(deps.db, checked.input, { userId: user.id, ip: request.ip })
        return reply.redirect(`${url}/${id}?saved=yes`, 303)
      },
    )

    app.get<{ Params: Static<typeof Params>; Querystring: Static<typeof ViewQuery> }>(
      `${url}/:id`,
      { config: { policy: 'rating:view' }, schema: { hide: true, params: Params, querystring: ViewQuery } },
      async (request, reply) => {
        const user = request.user!
        const assessment = await loadAssessment(deps.db, Number(request.params.id))
        if (!assessment) throw notFound('assessment')
        if (!can(user, 'rating:view', assessment)) throw forbidden('This assessment is about a country you are not assigned to.')
        const ctx = pageContext(locale, `/workspace/assessments/${assessment.id}`, deps.assets, deps.config.publicUrl)
        const names = new Map((await countryNames()).map((c) => [c.code, c.name]))
        return sendPrivatePage(
          reply,
          200,
          h(AssessmentPage, {
            ctx,
            assessment,
            country: names.get(assessment.countryCode) ?? assessment.countryCode,
            saved: request.query.saved === 'yes',
            canCorrect: can(user, 'rating:propose', { countryCode: assessment.countryCode }),
          }),
        )
      },
    )
  }
}
