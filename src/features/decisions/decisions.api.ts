import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { readTimeCursor } from '../../lib/cursor.js'
import { isoDate, isIsoDate } from '../../lib/dates.js'
import { ErrorResponse, invalid, notFound } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { CountryCodeParams } from '../countries/countries.schema.js'
import { methodologyInForce } from '../methodology/methodology.queries.js'
import { computeCountryScore } from '../methodology/scores.service.js'
import { ratingHistory } from '../ratings/ratings.queries.js'
import { loadDecision, publishedDecisions, type DecisionRecord, type DecisionSummary } from './decisions.queries.js'
import { tally } from './quorum.js'

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })
const ListQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}-[0-9]{1,15}$', description: 'The next page: the value of "next"' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1-200, default 50' })),
})
const ScoreQuery = Type.Object({ date: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default today (UTC)' })) })
const Json = Type.Unknown()

const summary = (d: DecisionSummary) => ({
  id: d.id,
  country: d.countryCode,
  from: { category: d.fromCategory, score: d.fromScore },
  to: { category: d.toCategory, score: d.toScore },
  rationale: d.rationale,
  publishedAt: d.publishedAt?.toISOString() ?? null,
})

/** A published decision as the public sees it: votes and comments, never the panelists' names. */
export function publicDecision(d: DecisionRecord) {
  return {
    ...summary(d),
    methodology: d.methodologyLabel,
    quorum: d.quorum,
    tally: tally(d.votes, d.quorum),
    // Conflicts count in the tally; their reasons stay in the back office.
    votes: d.votes.filter((v) => !v.conflict).map((v) => ({ vote: v.vote, comment: v.comment })),
    evidence: d.evidence.filter((e) => e.status === 'published').map((e) => ({ update: e.updateId, title: e.title })),
    breakdown: d.breakdown,
  }
}

export function registerDecisionsApi(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { country?: string; before?: string; limit?: string } }>(
    '/api/v1/decisions',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Published rating decisions, newest first',
        description:
          'Each decision that changed a rating: from and to, the rationale by language, and when it was published. Page with "before".',
        tags: ['ratings'],
        querystring: ListQuery,
        response: { 200: Json, 400: ErrorResponse },
      },
    },
    async (request, reply) => {
      const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 50)))
      const country = request.query.country?.toUpperCase()
      const before = readTimeCursor(request.query.before)
      return sendCachedJson(deps, request, reply, `decisions ${country ?? ''} ${request.query.before ?? ''} ${limit}`, async () => {
        const rows = await publishedDecisions(deps.db, { country, before, limit: limit + 1 })
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        return { decisions: page.map(summary), next: rows.length > limit && last ? `${last.publishedAt!.getTime()}-${last.id}` : null }
      })
    },
  )

  app.get<{ Params: { id: string } }>(
    '/api/v1/decisions/:id',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One published rating decision',
        description:
          'With the evidence, the panel tally and votes (panelists are not named) and the breakdown frozen when it went to the panel.',
        tags: ['ratings'],
        params: Params,
        response: { 200: Json, 404: ErrorResponse },
      },
    },
    async (request, reply) =>
      sendCachedJson(deps, request, reply, `decision ${request.params.id}`, async () => {
        const decision = await loadDecision(deps.db, Number(request.params.id))
        if (!decision || decision.status !== 'published') throw notFound('decision')
        return publicDecision(decision)
      }),
  )

  app.get<{ Params: { code: string } }>(
    '/api/v1/countries/:code/ratings',
    {
      config: { policy: 'public' },
      schema: {
        summary: "A country's rating history",
        description: 'Every published rating, newest first, with the decision that made it when there was one.',
        tags: ['ratings'],
        params: CountryCodeParams,
        response: { 200: Json, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const code = request.params.code.toUpperCase()
      return sendCachedJson(deps, request, reply, `rating history ${code}`, async () => {
        const country = await deps.db.selectFrom('countries').select('code').where('code', '=', code).executeTakeFirst()
        if (!country) throw notFound('country')
        const history = await ratingHistory(deps.db, code)
        return {
          country: code,
          ratings: history.map((r) => ({ since: r.since, category: r.category, score: r.score, source: r.source, decision: r.decisionId })),
        }
      })
    },
  )

  app.get<{ Params: { code: string }; Querystring: { date?: string } }>(
    '/api/v1/countries/:code/score',
    {
      config: { policy: 'public' },
      schema: {
        summary: "The engine's computed score for a country on a date",
        description:
          'Per freedom and overall, with each input, its rebased value (1-100), its weight and its contribution, under the methodology in force. A computed score is not a rating: ratings change only through published decisions.',
        tags: ['ratings'],
        params: CountryCodeParams,
        querystring: ScoreQuery,
        response: { 200: Json, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    async (request, reply) => {
      const code = request.params.code.toUpperCase()
      const date = request.query.date ?? isoDate(deps.clock())
      if (!isIsoDate(date)) throw invalid('date', 'must be a calendar date, YYYY-MM-DD', date)
      return sendCachedJson(deps, request, reply, `score ${code} ${date}`, async () => {
        const country = await deps.db.selectFrom('countries').select('code').where('code', '=', code).executeTakeFirst()
        if (!country) throw notFound('country')
        const methodology = await methodologyInForce(deps.db)
        if (!methodology) throw notFound('methodology')
        return { country: code, methodology: methodology.label, ...(await computeCountryScore(deps.db, methodology.config, code, date)) }
      })
    },
  )
}
