import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { ErrorResponse, notFound } from '../../lib/errors.js'
import { sendCachedJson, sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { listTerms } from '../updates/updates.queries.js'
import { listMethodologies, methodologyByLabel, methodologyInForce, type MethodologyVersion } from './methodology.queries.js'
import { MethodologyPage } from './methodology.public.views.js'

/**
 * The public methodology: /methodology (the version in force), /methodology/{label} (any
 * published version) and the same as JSON under /api/v1/methodology. Drafts are never shown.
 */
const LabelParams = Type.Object({ label: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' }) })
const Weight = Type.Number({ minimum: 0 })
const FreedomSchema = Type.Union([Type.Literal('association'), Type.Literal('assembly'), Type.Literal('expression')])

export const MethodologyResponse = Type.Object(
  {
    label: Type.String({ description: 'The version label, e.g. v1' }),
    publishedAt: Type.String({ format: 'date-time', description: 'When this version came into force' }),
    notes: Type.String({ description: 'Notes on the version, in Markdown' }),
    config: Type.Object(
      {
        indicators: Type.Array(
          Type.Object({
            key: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }),
            name: Type.String(),
            source: Type.String(),
            freedoms: Type.Array(FreedomSchema),
            min: Type.Number({ description: "The indicator's own scale, lowest value" }),
            max: Type.Number({ description: "The indicator's own scale, highest value" }),
            higherIsFreer: Type.Boolean(),
            weight: Weight,
            maxAgeYears: Type.Integer({ description: 'Values older than this are ignored' }),
          }),
          { description: 'Key scores: third-party indices rebased linearly onto 1-100, higher is freer' },
        ),
        components: Type.Object(
          { keyScores: Weight, keyAnalysis: Weight, partnerInput: Weight },
          { description: 'Weights of the inputs within a freedom; missing inputs drop out' },
        ),
        partnerTrendPoints: Type.Number({ description: 'Points an improving trend adds to (declining: takes from) the partner score' }),
        assessmentMaxAgeMonths: Type.Integer(),
        incidentSignal: Type.Object({
          windowMonths: Type.Integer(),
          baselineYears: Type.Integer(),
          pointsPerDoubling: Type.Number(),
          maxPoints: Type.Number(),
          smoothing: Type.Number(),
          severity: Type.Record(Type.String(), Type.Number(), { description: 'Weight per violation term key; other terms count 1' }),
          perKilled: Type.Number(),
        }),
        overall: Type.Object({ association: Weight, assembly: Weight, expression: Weight }, { description: 'Weights of the freedoms' }),
        bands: Type.Object(
          { open: Type.Integer(), narrowed: Type.Integer(), obstructed: Type.Integer(), repressed: Type.Integer() },
          { description: 'Lowest score of each category; closed runs from 1' },
        ),
        quorum: Type.Object({
          minVotes: Type.Integer({ minimum: 1 }),
          approvalShare: Type.Number({ description: 'Approvals must be more than this share of the votes cast' }),
        }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
)
type MethodologyResponse = Static<typeof MethodologyResponse>

const present = (v: MethodologyVersion): MethodologyResponse => ({
  label: v.label,
  publishedAt: v.publishedAt!.toISOString(),
  notes: v.notes,
  config: v.config,
})

/** A published version by label; drafts are as absent as labels that never existed. */
async function publishedByLabel(deps: AppDeps, label: string): Promise<MethodologyVersion> {
  const version = await methodologyByLabel(deps.db, label)
  if (!version || version.status !== 'published') throw notFound('methodology version')
  return version
}

export function registerMethodologyPublic(app: FastifyInstance, deps: AppDeps): void {
  const page = async (label: string | null) => {
    const [inForce, published, terms] = await Promise.all([
      methodologyInForce(deps.db),
      listMethodologies(deps.db, false),
      listTerms(deps.db),
    ])
    const version = label === null ? inForce : await publishedByLabel(deps, label)
    return { version, inForce, published, violations: terms.filter((term) => term.vocabulary === 'violation') }
  }
  for (const { locale, url } of localizedRoutes('/methodology')) {
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
      sendCachedPage(deps, request, reply, { locale, path: '/methodology', day: isoDate(deps.clock()) }, async (ctx) =>
        h(MethodologyPage, { ctx, model: await page(null) }),
      ),
    )
    app.get<{ Params: { label: string } }>(
      `${url}/:label`,
      { config: { policy: 'public' }, schema: { params: LabelParams, hide: true } },
      (request, reply) =>
        sendCachedPage(
          deps,
          request,
          reply,
          { locale, path: `/methodology/${encodeURIComponent(request.params.label)}`, day: isoDate(deps.clock()) },
          async (ctx) => h(MethodologyPage, { ctx, model: await page(request.params.label) }),
        ),
    )
  }

  const schema = (summary: string, description: string) => ({
    summary,
    description,
    tags: ['methodology'],
    response: { 200: MethodologyResponse, 400: ErrorResponse, 404: ErrorResponse },
  })
  app.get(
    '/api/v1/methodology',
    {
      config: { policy: 'public' },
      schema: schema(
        'The methodology in force',
        'Indicators and their rebasing, weights, incident signal, category bands and quorum rule of the published version in force.',
      ),
    },
    (request, reply) =>
      sendCachedJson(deps, request, reply, 'methodology', async () => {
        const version = await methodologyInForce(deps.db)
        if (!version) throw notFound('methodology version')
        return present(version)
      }),
  )
  app.get<{ Params: { label: string } }>(
    '/api/v1/methodology/:label',
    {
      config: { policy: 'public' },
      schema: {
        ...schema('A published methodology version', 'Any published version by its label; drafts are not public.'),
        params: LabelParams,
      },
    },
    (request, reply) =>
      sendCachedJson(deps, request, reply, `methodology ${request.params.label}`, async () =>
        present(await publishedByLabel(deps, request.params.label)),
      ),
  )
}
