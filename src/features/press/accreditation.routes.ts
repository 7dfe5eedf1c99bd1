import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { cookieNames, publicFormToken, type CookieNames } from '../../lib/auth.js'
import { refusalOf, type FormProblem } from '../../lib/errors.js'
import { translator } from '../../lib/i18n.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { createLimiter, type Limiter } from '../../lib/throttle.js'
import { registerAccreditationApi } from './accreditation.api.js'
import { checkRequest, EMPTY_REQUEST, readRequestForm, RequestBody, type RequestForm } from './accreditation.form.js'
import { listAccreditations } from './accreditation.queries.js'
import { decideAccreditation, requestAccreditation, revokeAccreditation, type Decision } from './accreditation.service.js'
import { AccreditationsPage, RequestPage, RequestSentPage } from './accreditation.views.js'

/**
 * /press/accreditation: anyone (signed in or not) asks for press accreditation.
 * /workspace/accreditations: editors approve, refuse and revoke (never cached).
 * The JSON API is in accreditation.api.ts; it shares the per-IP limit on requests.
 */
const HOUR = 60 * 60 * 1000
/** Requests stored per IP and hour: enough for a newsroom behind one address, not for a script. */
export const REQUESTS_PER_IP_HOUR = 5

export function registerAccreditation(app: FastifyInstance, deps: AppDeps): void {
  const perIp = createLimiter({ max: REQUESTS_PER_IP_HOUR, windowMs: HOUR })
  registerRequestPages(app, deps, cookieNames(deps.config.publicUrl), perIp)
  registerDecisionPages(app, deps)
  registerAccreditationApi(app, deps, perIp)
}

function registerRequestPages(app: FastifyInstance, deps: AppDeps, names: CookieNames, perIp: Limiter): void {
  for (const { locale, url } of localizedRoutes('/press/accreditation')) {
    const ctx = pageContext(locale, '/press/accreditation', deps.assets, deps.config.publicUrl)
    const showForm = async (request: FastifyRequest, reply: FastifyReply, status: number, form: RequestForm, problems: FormProblem[]) => {
      const { csrf, email } = await publicFormToken(deps.identity, names, request, reply)
      const shown = status === 200 && email ? { ...form, email } : form
      return sendPrivatePage(reply, status, h(RequestPage, { ctx, csrf, form: shown, problems }))
    }

    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
      showForm(request, reply, 200, EMPTY_REQUEST, []),
    )

    app.post<{ Body: RequestBody }>(
      url,
      { config: { policy: 'public' }, schema: { hide: true, body: RequestBody } },
      async (request, reply) => {
        const form = readRequestForm(request.body)
        const checked = checkRequest(form)
        if (!checked.ok) return showForm(request, reply, 422, form, checked.problems)
        if (!perIp.take(request.ip, deps.clock()))
          return showForm(request, reply, 429, form, [{ field: 'name', message: 'accreditation.throttled' }])
        await requestAccreditation(deps.db, checked.request, {
          actor: { name: 'anonymous:accreditation', ip: request.ip },
          language: locale,
        })
        return sendPrivatePage(reply, 200, h(RequestSentPage, { ctx }))
      },
    )
  }
}

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const DecisionBody = Type.Object({
  decision: Type.Union([Type.Literal('approve'), Type.Literal('refuse')]),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
const RevokeBody = Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) })
const DONE = ['approved', 'refused', 'revoked'] as const
type Done = (typeof DONE)[number]
const ListQuery = Type.Object({ done: Type.Optional(Type.Union(DONE.map((d) => Type.Literal(d)))) })

function registerDecisionPages(app: FastifyInstance, deps: AppDeps): void {
  const config = { policy: 'press:accredit' as const }
  for (const { locale, url } of localizedRoutes('/workspace/accreditations')) {
    const t = translator(locale)
    const show = async (request: FastifyRequest, reply: FastifyReply, status: number, notice: string | null, problem: string | null) => {
      const ctx = pageContext(locale, '/workspace/accreditations', deps.assets, deps.config.publicUrl)
      const accreditations = await listAccreditations(deps.db)
      const csrf = request.session?.csrfToken ?? ''
      return sendPrivatePage(reply, status, h(AccreditationsPage, { ctx, csrf, accreditations, notice, problem }))
    }
    /** Runs a decision; a request that cannot take it answers with the list and the reason. */
    const decide = async (request: FastifyRequest, reply: FastifyReply, done: Done, work: () => Promise<void>) => {
      try {
        await work()
      } catch (error) {
        // A refused step shows on the list; a missing request is the handler's 404.
        const problem = refusalOf(error)
        if (!problem) throw error
        return show(request, reply, 409, null, t(problem.message))
      }
      return reply.redirect(`${href({ locale }, '/workspace/accreditations')}?done=${done}`, 303)
    }
    const context = (request: FastifyRequest) => ({
      actor: { name: `user:${request.user!.id}`, ip: request.ip },
      userId: request.user!.id,
      now: deps.clock(),
      publicUrl: deps.config.publicUrl,
    })

    app.get<{ Querystring: { done?: Done } }>(url, { config, schema: { hide: true, querystring: ListQuery } }, (request, reply) => {
      const done = request.query.done
      return show(request, reply, 200, done ? t(`accreditation.notice.${done}`) : null, null)
    })

    app.post<{ Params: { id: string }; Body: { decision: Decision } }>(
      `${url}/:id/decision`,
      { config, schema: { hide: true, params: Params, body: DecisionBody } },
      (request, reply) => {
        const { decision } = request.body
        return decide(request, reply, decision === 'approve' ? 'approved' : 'refused', () =>
          decideAccreditation(deps.db, Number(request.params.id), decision, context(request)),
        )
      },
    )

    app.post<{ Params: { id: string } }>(
      `${url}/:id/revoke`,
      { config, schema: { hide: true, params: Params, body: RevokeBody } },
      (request, reply) =>
        decide(request, reply, 'revoked', () => revokeAccreditation(deps.db, Number(request.params.id), context(request))),
    )
  }
}
