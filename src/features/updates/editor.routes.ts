import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { translator } from '../../lib/i18n.js'
import { forbidden, isHttpError, notFound, type FormProblem } from '../../lib/errors.js'
import { linkWarnings } from '../../lib/link-warnings.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { checkUpdateForm, EMPTY_INCIDENT, EMPTY_SOURCE, readUpdateForm, type UpdateForm } from './update-form.js'
import { UpdateEditor, type EditorModel } from './update-editor.views.js'
import { draftToForm, formVocabulary, listTerms, loadUpdate, type UpdateRecord } from './updates.queries.js'
import { createUpdate, saveUpdate, takeStep } from './updates.service.js'
import { checkStep, typedStepIn, WorkflowBodySchema, type WorkflowBody } from './workflow-form.js'
import { allowedActions, mayCorrect, mayEdit, mayView } from './workflow.js'
import { WorkflowPanel } from './workflow.views.js'
import { zonedTypedIn } from '../../web/zoned-time-fields.js'

type Body = Record<string, string | string[] | undefined>
const previewOf = (body: string) => ({ html: renderMarkdown(body), warnings: linkWarnings({ body }) })
const FormBody = Type.Record(
  Type.String({ maxLength: 40 }),
  Type.Union([Type.String({ maxLength: 100_000 }), Type.Array(Type.String({ maxLength: 5000 }), { maxItems: 500 })]),
)
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

/** Writing and editing monitoring updates: /updates/new and /updates/:id/edit. */
export function registerUpdateEditor(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale } of localizedRoutes('/updates/new')) {
    const base = href({ locale }, '/updates')
    const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })

    const render = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      model: Partial<EditorModel> & { form: UpdateForm },
      existing: UpdateRecord | null,
    ) => {
      const user = request.user!
      const ctx = pageContext(locale, existing ? `/updates/${existing.id}/edit` : '/updates/new', deps.assets, deps.config.publicUrl)
      const [countries, terms] = await Promise.all([listCountries(deps.db), listTerms(deps.db)])
      const options = countries
        .filter((c) => can(user, 'update:write', { countryCode: c.code }) || c.code === model.form.country)
        .map((c) => ({ code: c.code, name: c.names[locale] }))
        .sort((a, b) => a.name.localeCompare(b.name, locale))
      const full: EditorModel = {
        action: existing ? `${base}/${existing.id}/edit` : `${base}/new`,
        heading: existing ? ctx.t('update.editTitle', { id: existing.id }) : ctx.t('update.newTitle'),
        problems: [],
        csrf: request.session?.csrfToken ?? '',
        revision: existing?.revision ?? null,
        countries: options,
        terms,
        preview: null,
        canSubmit: existing ? allowedActions(user, existing).includes('submit') : true,
        correcting: existing?.status === 'published',
        correction: '',
        notice: null,
        readOnly: existing ? !mayEdit(user, existing) && !mayCorrect(user, existing) : false,
        ...model,
      }
      if (full.readOnly && full.preview === null) full.preview = previewOf(full.form.body)
      const aside = existing
        ? h(WorkflowPanel, {
            ctx,
            update: existing,
            user,
            csrf: full.csrf,
            base,
            problems: full.problems,
            publishTyped: zonedTypedIn(request.body, 'publish_at'),
            typed: typedStepIn(request.body),
          })
        : null
      return sendPrivatePage(reply, status, h(UpdateEditor, { ctx, model: full, aside }))
    }

    const handle = async (request: FastifyRequest<{ Body: Body }>, reply: FastifyReply, existing: UpdateRecord | null) => {
      const user = request.user!
      const body = request.body
      const form = readUpdateForm(body)
      const action = String([body.action ?? 'save'].flat()[0])
      const correction = String([body.correction ?? ''].flat()[0]).trim()
      const rowChange = /^(add|remove)-(source|incident)(?:-(\d+))?$/.exec(action)
      if (rowChange) {
        const list = rowChange[2] === 'source' ? form.sources : form.incidents
        if (rowChange[1] === 'add') (list as unknown[]).push(rowChange[2] === 'source' ? { ...EMPTY_SOURCE } : { ...EMPTY_INCIDENT })
        else list.splice(Number(rowChange[3]), 1)
        return render(request, reply, 200, { form, correction }, existing)
      }
      if (action === 'preview') return render(request, reply, 200, { form, correction, preview: previewOf(form.body) }, existing)

      const vocabulary = await formVocabulary(deps.db, await listTerms(deps.db))
      const checked = checkUpdateForm(form, vocabulary, isoDate(deps.clock()))
      const problems: FormProblem[] = checked.ok ? [] : [...checked.problems]
      if (
        vocabulary.countries.has(form.country) &&
        !can(user, 'update:write', { countryCode: form.country }) &&
        !can(user, 'update:review')
      )
        problems.unshift({ field: 'country', message: 'update.problem.notYours' })
      const correcting = existing?.status === 'published'
      if (correcting && (!correction || correction.length > 2000))
        problems.push({ field: 'correction', message: 'update.problem.correction' })
      if (problems.length > 0 || !checked.ok) return render(request, reply, 422, { form, correction, problems }, existing)

      let id = existing?.id
      try {
        if (existing) {
          const basedOn = Number([body.revision ?? ''].flat()[0])
          await saveUpdate(deps.db, existing.id, checked.draft, {
            ...context(request),
            basedOn,
            correction: correcting ? correction : undefined,
          })
        } else {
          id = await createUpdate(deps.db, checked.draft, context(request))
        }
      } catch (error) {
        if (!isHttpError(error, 'stale_revision')) throw error
        return render(request, reply, 409, { form, correction, problems: [{ field: 'title', message: 'update.problem.stale' }] }, existing)
      }
      if (action === 'submit') {
        const fresh = (await loadUpdate(deps.db, id!))!
        if (allowedActions(user, fresh).includes('submit')) await takeStep(deps.db, fresh.id, 'submit', [fresh.status], context(request))
      }
      return reply.redirect(`${base}/${id}/edit?saved=${action === 'submit' ? 'submitted' : 'yes'}`, 303)
    }

    app.get<{ Querystring: { country?: string; translation_of?: string } }>(
      `${base}/new`,
      {
        config: { policy: 'update:write' },
        schema: {
          hide: true,
          querystring: Type.Object({
            country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
            translation_of: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
          }),
        },
      },
      (request, reply) => {
        const form = readUpdateForm({
          country: request.query.country ?? request.user!.countries[0] ?? '',
          language: locale,
          translation_of: request.query.translation_of,
        })
        return render(request, reply, 200, { form }, null)
      },
    )

    app.post<{ Body: Body }>(
      `${base}/new`,
      { config: { policy: 'update:write' }, schema: { hide: true, body: FormBody } },
      (request, reply) => handle(request, reply, null),
    )

    const target = async (user: CurrentUser, id: string, write: boolean) => {
      const update = await loadUpdate(deps.db, Number(id))
      if (!update) throw notFound('update')
      if (!mayView(user, update)) throw forbidden()
      if (write && !mayEdit(user, update) && !mayCorrect(user, update))
        throw forbidden('This update cannot be changed now: see its status.')
      return update
    }

    app.get<{ Params: { id: string }; Querystring: { saved?: string } }>(
      `${base}/:id/edit`,
      {
        config: { policy: 'update:write' },
        schema: { hide: true, params: Params, querystring: Type.Object({ saved: Type.Optional(Type.String({ maxLength: 20 })) }) },
      },
      async (request, reply) => {
        const update = await target(request.user!, request.params.id, false)
        const { saved } = request.query
        const notice = saved === 'submitted' ? 'update.submitted' : saved === 'yes' ? 'update.saved' : null
        return render(request, reply, 200, { form: draftToForm(update.draft), notice: notice && translator(locale)(notice) }, update)
      },
    )

    app.post<{ Params: { id: string }; Body: WorkflowBody }>(
      `${base}/:id/workflow`,
      { config: { policy: 'update:write' }, schema: { hide: true, params: Params, body: WorkflowBodySchema } },
      async (request, reply) => {
        const update = await target(request.user!, request.params.id, false)
        const step = checkStep(request.body, update.status, allowedActions(request.user!, update))
        const again = (problems: FormProblem[], status = 422) =>
          render(request, reply, status, { form: draftToForm(update.draft), problems }, update)
        if (!step.ok) return again([step.problem])
        try {
          await takeStep(deps.db, update.id, step.action, [update.status], { ...context(request), ...step.details })
        } catch (error) {
          if (!isHttpError(error, 'workflow_conflict')) throw error
          return again([{ field: 'workflow-title', message: 'workflow.problem.movedOn' }], 409)
        }
        return reply.redirect(`${base}/${update.id}/edit`, 303)
      },
    )

    app.post<{ Params: { id: string }; Body: Body }>(
      `${base}/:id/edit`,
      { config: { policy: 'update:write' }, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => handle(request, reply, await target(request.user!, request.params.id, true)),
    )
  }
}
