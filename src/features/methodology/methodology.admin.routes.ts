import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { type FormProblem, notFound, refusalOf } from '../../lib/errors.js'
import type { Locale } from '../../lib/i18n.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listTerms, type Term } from '../updates/updates.queries.js'
import { MethodologyEditPage, MethodologyListPage, PublishPage, type EditModel } from './methodology.admin.views.js'
import {
  checkMethodologyForm,
  configToForm,
  EMPTY_INDICATOR,
  readMethodologyForm,
  type Body,
  type MethodologyForm,
} from './methodology.form.js'
import { listMethodologies, methodologyById, methodologyInForce, type MethodologyVersion } from './methodology.queries.js'
import { createDraft, deleteDraft, nextLabel, publishDraft, saveDraft } from './methodology.service.js'

/**
 * /admin/methodology: administrators draft a new version from an existing one, edit the draft
 * in a structured form, publish it (after a confirmation page) or delete it. Published versions
 * only read; a write to one is refused with 409 and the reason.
 */
const NewBody = Type.Object({
  label: Type.Optional(Type.String({ maxLength: 100 })),
  from: Type.Optional(Type.String({ maxLength: 20 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
const FormBody = Type.Record(
  Type.String({ maxLength: 80 }),
  Type.Union([Type.String({ maxLength: 40_000 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })]),
)
const CsrfBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) })
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const EditQuery = Type.Object({ done: Type.Optional(Type.Union([Type.Literal('saved'), Type.Literal('published')])) })
type IdRequest = FastifyRequest<{ Params: { id: string } }>

export function registerMethodologyAdmin(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/admin/methodology')) {
    registerFor(app, deps, locale, url)
  }
}

function registerFor(app: FastifyInstance, deps: AppDeps, locale: Locale, url: string): void {
  const policy = { policy: 'methodology:edit' as const }
  const base = href({ locale }, '/admin/methodology')
  const actor = (request: FastifyRequest) => ({ name: `user:${request.user!.id}`, ip: request.ip })
  const csrf = (request: FastifyRequest) => request.session?.csrfToken ?? ''
  const ctxFor = (path: string) => pageContext(locale, path, deps.assets, deps.config.publicUrl)
  const violations = async (): Promise<Term[]> => (await listTerms(deps.db)).filter((term) => term.vocabulary === 'violation')
  const severityKeys = (terms: Term[], version: MethodologyVersion) => [
    ...new Set([...terms.map((term) => term.key), ...Object.keys(version.config.incidentSignal.severity)]),
  ]
  const load = async (request: IdRequest) => {
    const version = await methodologyById(deps.db, Number(request.params.id))
    if (!version) throw notFound('methodology version')
    return version
  }

  const showList = async (request: FastifyRequest, reply: FastifyReply, status: number, problems: FormProblem[] = [], typed?: Body) => {
    const [versions, inForce] = await Promise.all([listMethodologies(deps.db, true), methodologyInForce(deps.db)])
    const one = (name: string) => String([typed?.[name] ?? ''].flat()[0])
    const defaults = { label: nextLabel(versions.map((v) => v.label)), from: String(inForce?.id ?? versions[0]?.id ?? '') }
    const page = h(MethodologyListPage, {
      ctx: ctxFor('/admin/methodology'),
      base,
      versions,
      inForceId: inForce?.id ?? null,
      typed: typed ? { label: one('label'), from: one('from') } : defaults,
      problems,
      csrf: csrf(request),
    })
    return sendPrivatePage(reply, status, page)
  }

  const showEdit = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    version: MethodologyVersion,
    changes: { form?: MethodologyForm; problems?: FormProblem[]; notice?: string | null; terms?: Term[] } = {},
  ) => {
    const terms = changes.terms ?? (await violations())
    const model: EditModel = {
      version,
      form: changes.form ?? configToForm(version.config, version.notes, severityKeys(terms, version)),
      violations: terms,
      problems: changes.problems ?? [],
      notice: changes.notice ?? null,
      csrf: csrf(request),
      base,
    }
    return sendPrivatePage(reply, status, h(MethodologyEditPage, { ctx: ctxFor(`/admin/methodology/${version.id}`), model }))
  }
  const refusePublished = (request: FastifyRequest, reply: FastifyReply, version: MethodologyVersion) =>
    showEdit(request, reply, 409, version, {
      problems: [{ field: 'main', message: 'methodology.problem.published', params: { label: version.label } }],
    })

  app.get(url, { config: policy, schema: { hide: true } }, (request, reply) => showList(request, reply, 200))

  app.post<{ Body: { label?: string; from?: string } }>(
    url,
    { config: policy, schema: { hide: true, body: NewBody } },
    async (request, reply) => {
      const from = request.body.from ?? ''
      const fromId = /^[0-9]{1,15}$/.test(from) ? Number(from) : null
      if (from !== '' && fromId === null)
        return showList(request, reply, 422, [{ field: 'from', message: 'methodology.problem.from' }], request.body)
      try {
        const id = await createDraft(deps.db, { label: request.body.label ?? '', fromId }, actor(request))
        return reply.redirect(`${base}/${id}`, 303)
      } catch (error) {
        const problem = refusalOf(error)
        if (!problem) throw error
        return showList(request, reply, 422, [problem], request.body)
      }
    },
  )

  app.get<{ Params: { id: string }; Querystring: { done?: 'saved' | 'published' } }>(
    `${url}/:id`,
    { config: policy, schema: { hide: true, params: Params, querystring: EditQuery } },
    async (request, reply) => {
      const version = await load(request)
      const { t } = ctxFor('/admin/methodology')
      const done = request.query.done
      const notice = done === 'saved' ? t('methodology.admin.saved') : done === 'published' ? t('methodology.admin.publishedNotice') : null
      return showEdit(request, reply, 200, version, { notice })
    },
  )

  app.post<{ Params: { id: string }; Body: Body }>(
    `${url}/:id`,
    { config: policy, schema: { hide: true, params: Params, body: FormBody } },
    async (request, reply) => {
      const version = await load(request)
      if (version.status === 'published') return refusePublished(request, reply, version)
      const terms = await violations()
      const form = readMethodologyForm(request.body, severityKeys(terms, version))
      const action = String([request.body.action ?? 'save'].flat()[0])
      const rowChange = /^(add|remove)-indicator(?:-(\d{1,2}))?$/.exec(action)
      if (rowChange) {
        if (rowChange[1] === 'add') form.indicators.push({ ...EMPTY_INDICATOR, freedoms: [] })
        else form.indicators.splice(Number(rowChange[2]), 1)
        return showEdit(request, reply, 200, version, { form, terms })
      }
      const checked = checkMethodologyForm(form)
      if (!checked.ok) return showEdit(request, reply, 422, version, { form, terms, problems: checked.problems })
      const outcome = await saveDraft(deps.db, version.id, checked.config, checked.notes, actor(request))
      if (outcome === 'missing') throw notFound('methodology version')
      if (outcome === 'published') return refusePublished(request, reply, (await methodologyById(deps.db, version.id))!)
      return reply.redirect(action === 'save-publish' ? `${base}/${version.id}/publish` : `${base}/${version.id}?done=saved`, 303)
    },
  )

  app.get<{ Params: { id: string } }>(
    `${url}/:id/publish`,
    { config: policy, schema: { hide: true, params: Params } },
    async (request, reply) => {
      const version = await load(request)
      if (version.status === 'published') return reply.redirect(`${base}/${version.id}`, 303)
      const page = h(PublishPage, {
        ctx: ctxFor(`/admin/methodology/${version.id}/publish`),
        version,
        violations: await violations(),
        csrf: csrf(request),
        base,
      })
      return sendPrivatePage(reply, 200, page)
    },
  )

  app.post<{ Params: { id: string } }>(
    `${url}/:id/publish`,
    { config: policy, schema: { hide: true, params: Params, body: CsrfBody } },
    async (request, reply) => {
      const version = await load(request)
      const outcome = await publishDraft(deps.db, version.id, deps.clock(), actor(request))
      if (outcome === 'missing') throw notFound('methodology version')
      if (outcome === 'published') return refusePublished(request, reply, (await methodologyById(deps.db, version.id))!)
      if (outcome === 'invalid') {
        const terms = await violations()
        const form = configToForm(version.config, version.notes, severityKeys(terms, version))
        const checked = checkMethodologyForm(form)
        return showEdit(request, reply, 422, version, { form, terms, problems: checked.ok ? [] : checked.problems })
      }
      return reply.redirect(`${base}/${version.id}?done=published`, 303)
    },
  )

  app.post<{ Params: { id: string } }>(
    `${url}/:id/delete`,
    { config: policy, schema: { hide: true, params: Params, body: CsrfBody } },
    async (request, reply) => {
      const version = await load(request)
      const outcome = await deleteDraft(deps.db, version.id, actor(request))
      if (outcome === 'missing') throw notFound('methodology version')
      if (outcome === 'published') return refusePublished(request, reply, version)
      return reply.redirect(base, 303)
    },
  )
}
