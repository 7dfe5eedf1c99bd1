import { Type } from '@sinclair/typebox'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { forbidden, notFound, refusalOf, type FormProblem } from '../../lib/errors.js'
import { authorize, can } from '../../lib/policies.js'
import { zonedToUtc } from '../../lib/time-zones.js'
import { sendPrivatePage } from '../../web/layout.js'
import { href, pageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { methodologyById, methodologyInForce } from '../methodology/methodology.queries.js'
import { computeCountryScore } from '../methodology/scores.service.js'
import { ratingOf } from '../ratings/ratings.queries.js'
import { checkDecisionForm, draftToForm, readDecisionForm, type DecisionForm } from './decision-form.js'
import { DecisionEditor } from './decision-editor.views.js'
import { DecisionPage } from './decision.views.js'
import { loadDecision, type DecisionRecord } from './decisions.queries.js'
import {
  actionsFrom,
  decisionStepProblem,
  castVote,
  createDecision,
  DECISION_ACTIONS,
  saveDecision,
  takeDecisionStep,
  mayTake,
  type DecisionAction,
} from './decisions.service.js'
import { tally } from './quorum.js'
import { zonedTypedIn } from '../../web/zoned-time-fields.js'

type Body = Record<string, string | undefined>
const FormBody = Type.Record(Type.String({ maxLength: 40 }), Type.String({ maxLength: 20_000 }))
const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const NewQuery = Type.Object({ country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })) })

/** The back office of rating decisions: drafting, the panel's vote, scheduling. */
export function registerDecisionPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale } of localizedRoutes('/workspace/decisions')) {
    const base = href({ locale }, '/workspace/decisions')
    const context = (request: FastifyRequest) => ({ user: request.user!, ip: request.ip, now: deps.clock() })

    const load = async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const decision = await loadDecision(deps.db, Number(request.params.id))
      if (!decision) throw notFound('decision')
      // Researchers see their own countries' decisions only.
      authorize(request.user, 'rating:view', decision)
      return decision
    }

    const editor = async (
      request: FastifyRequest,
      reply: FastifyReply,
      status: number,
      form: DecisionForm,
      problems: FormProblem[],
      existing?: DecisionRecord,
    ) => {
      const user = request.user!
      const ctx = pageContext(
        locale,
        existing ? `/workspace/decisions/${existing.id}/edit` : '/workspace/decisions/new',
        deps.assets,
        deps.config.publicUrl,
      )
      const methodology = await methodologyInForce(deps.db)
      if (!methodology) throw notFound('methodology')
      const countries = await listCountries(deps.db)
      const code = existing?.countryCode ?? (countries.some((c) => c.code === form.country) ? form.country : null)
      const today = isoDate(deps.clock())
      const [current, computed] = code
        ? await Promise.all([ratingOf(deps.db, code, today), computeCountryScore(deps.db, methodology.config, code, today)])
        : [null, null]
      const options = existing
        ? null
        : countries
            .filter((c) => can(user, 'rating:propose', { countryCode: c.code }))
            .map((c) => ({ code: c.code, name: c.names[locale] }))
            .sort((a, b) => a.name.localeCompare(b.name, locale))
      const model = {
        action: existing ? `${base}/${existing.id}/edit` : base,
        heading: existing ? ctx.t('decision.editTitle', { id: existing.id }) : ctx.t('decision.newTitle'),
        csrf: request.session?.csrfToken ?? '',
        form,
        problems,
        countries: options,
        countryName: code ? (countries.find((c) => c.code === code)?.names[locale] ?? code) : null,
        current: current ? { category: current.category, score: current.score } : null,
        computed,
        config: methodology.config,
        mayFlag: can(user, 'rating:decide'),
      }
      return sendPrivatePage(reply, status, h(DecisionEditor, { ctx, model }))
    }

    const show = async (
      request: FastifyRequest<{ Params: { id: string } }>,
      reply: FastifyReply,
      status: number,
      problems: FormProblem[] = [],
    ) => {
      const user = request.user!
      const decision = await load(request)
      const [methodology, countries] = await Promise.all([methodologyById(deps.db, decision.methodologyId), listCountries(deps.db)])
      const ctx = pageContext(locale, `/workspace/decisions/${decision.id}`, deps.assets, deps.config.publicUrl)
      const myVote = decision.votes.find((v) => v.panelistId === user.id) ?? null
      const model = {
        decision,
        countryName: countries.find((c) => c.code === decision.countryCode)?.names[locale] ?? decision.countryCode,
        config: methodology!.config,
        tally: tally(decision.votes, decision.quorum),
        csrf: request.session?.csrfToken ?? '',
        problems,
        embargoTyped: zonedTypedIn(request.body, 'embargo_until'),
        typedVote: typedVoteIn(request.body),
        actions: actionsFrom(decision.status)
          .filter((a) => mayTake(user, decision, a))
          .filter((a) => (a === 'flag' ? !decision.underReview : a === 'unflag' ? decision.underReview : true)),
        mayEdit: decision.status === 'draft' && can(user, 'rating:propose', decision),
        mayVote: decision.status === 'panel_review' && can(user, 'rating:vote') && !myVote?.conflict && decision.createdBy !== user.id,
        // Who voted how is for the panel and the editors; proposers see the tally.
        showVoters: can(user, 'rating:decide') || can(user, 'rating:vote'),
        myVote,
      }
      return sendPrivatePage(reply, status, h(DecisionPage, { ctx, model }))
    }

    app.get<{ Querystring: { country?: string } }>(
      `${base}/new`,
      { config: { policy: 'rating:propose' }, schema: { hide: true, querystring: NewQuery } },
      (request, reply) =>
        editor(request, reply, 200, { ...readDecisionForm({}), country: (request.query.country ?? '').toUpperCase() }, []),
    )

    app.post<{ Body: Body }>(
      base,
      { config: { policy: 'rating:propose' }, schema: { hide: true, body: FormBody } },
      async (request, reply) => {
        const form = readDecisionForm(request.body)
        const methodology = await methodologyInForce(deps.db)
        const checked = checkDecisionForm(form, methodology?.config.bands ?? { open: 81, narrowed: 61, obstructed: 41, repressed: 21 })
        if (!checked.ok) return editor(request, reply, 422, form, checked.problems)
        authorize(request.user, 'rating:propose', { countryCode: checked.draft.countryCode })
        try {
          const id = await createDecision(deps.db, context(request), checked.draft)
          return reply.redirect(`${base}/${id}`, 303)
        } catch (error) {
          const problem = refusalOf(error)
          if (problem) return editor(request, reply, 422, form, [problem])
          throw error
        }
      },
    )

    app.get<{ Params: { id: string } }>(
      `${base}/:id`,
      { config: { policy: 'rating:view' }, schema: { hide: true, params: Params } },
      (request, reply) => show(request, reply, 200),
    )

    app.get<{ Params: { id: string } }>(
      `${base}/:id/edit`,
      { config: { policy: 'rating:propose' }, schema: { hide: true, params: Params } },
      async (request, reply) => {
        const decision = await load(request)
        authorize(request.user, 'rating:propose', decision)
        if (decision.status !== 'draft') return reply.redirect(`${base}/${decision.id}`, 303)
        const form = draftToForm({ ...decision, evidence: decision.evidence.map((e) => e.updateId) })
        return editor(request, reply, 200, form, [], decision)
      },
    )

    app.post<{ Params: { id: string }; Body: Body }>(
      `${base}/:id/edit`,
      { config: { policy: 'rating:propose' }, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const decision = await load(request)
        authorize(request.user, 'rating:propose', decision)
        const form = { ...readDecisionForm(request.body), country: decision.countryCode }
        // Saving freezes the methodology in force, so its bands are the ones to check against.
        const methodology = await methodologyInForce(deps.db)
        if (!methodology) throw notFound('methodology')
        const checked = checkDecisionForm(form, methodology.config.bands)
        if (!checked.ok) return editor(request, reply, 422, form, checked.problems, decision)
        try {
          await saveDecision(deps.db, context(request), decision.id, checked.draft)
          return reply.redirect(`${base}/${decision.id}`, 303)
        } catch (error) {
          const problem = refusalOf(error)
          if (problem) return editor(request, reply, 422, form, [problem], decision)
          throw error
        }
      },
    )

    app.post<{ Params: { id: string }; Body: Body }>(
      `${base}/:id/workflow`,
      { config: { policy: 'rating:view' }, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const decision = await load(request)
        const action = request.body.action as DecisionAction
        if (!DECISION_ACTIONS.includes(action)) return show(request, reply, 422, [decisionStepProblem(decision.status)])
        if (!mayTake(request.user!, decision, action)) throw forbidden()
        const embargo = action === 'schedule' ? readEmbargo(request.body) : undefined
        if (action === 'schedule' && !embargo)
          return show(request, reply, 422, [{ field: 'embargo_until', message: 'decision.problem.embargo' }])
        return step(request, reply, () => takeDecisionStep(deps.db, context(request), decision.id, action, embargo ?? undefined))
      },
    )

    app.post<{ Params: { id: string }; Body: Body }>(
      `${base}/:id/vote`,
      { config: { policy: 'rating:vote' }, schema: { hide: true, params: Params, body: FormBody } },
      async (request, reply) => {
        const decision = await load(request)
        const choice = readVote(request.body)
        if ('problem' in choice) return show(request, reply, 422, [choice.problem])
        return step(request, reply, () => castVote(deps.db, context(request), decision.id, choice.vote))
      },
    )

    const step = async (request: FastifyRequest<{ Params: { id: string } }>, reply: FastifyReply, work: () => Promise<unknown>) => {
      try {
        await work()
        return reply.redirect(`${base}/${request.params.id}`, 303)
      } catch (error) {
        const problem = refusalOf(error)
        if (problem) return show(request, reply, 409, [problem])
        throw error
      }
    }
  }
}

export function readEmbargo(body: Body): Date | null {
  return zonedToUtc((body.embargo_until ?? '').trim(), body.zone ?? 'UTC')
}

/** The choice and comment of a refused vote, to show them again; null when no vote was sent. */
export function typedVoteIn(body: unknown): { vote: string; comment: string } | null {
  const { vote, comment } = (body ?? {}) as Body
  if (vote === undefined && comment === undefined) return null
  return { vote: vote ?? '', comment: comment ?? '' }
}

const COMMENT_MAX = 5000

/** The vote a form sent, or what is wrong with it. */
export function readVote(body: Body): { vote: Parameters<typeof castVote>[3] } | { problem: FormProblem } {
  const comment = (body.comment ?? '').trim()
  if (comment.length > COMMENT_MAX)
    return { problem: { field: 'comment', message: 'decision.problem.comment', params: { max: COMMENT_MAX } } }
  if (body.vote === 'conflict') return { vote: { conflict: true, comment } }
  if (body.vote === 'approve' || body.vote === 'reject' || body.vote === 'abstain') return { vote: { vote: body.vote, comment } }
  return { problem: { field: 'vote', message: 'decision.problem.vote' } }
}
