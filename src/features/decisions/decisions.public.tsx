import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { Kysely } from 'kysely'
import { h, type ComponentChildren } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { DB } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { formatInstant } from '../../lib/time-zones.js'
import { sendCachedPage } from '../../web/cached-responses.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { TableScroll } from '../../web/table-scroll.js'
import { listCountries } from '../countries/countries.queries.js'
import { BreakdownTables } from '../methodology/breakdown.views.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { methodologyById } from '../methodology/methodology.queries.js'
import { DecisionChange, Rationale, TallyLine } from './decision-parts.views.js'
import { loadDecision, publishedDecisions, type DecisionRecord, type DecisionSummary } from './decisions.queries.js'
import { tally } from './quorum.js'

const Params = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) })

/**
 * The published publications announcing a decision, as its page shows them. The publications
 * feature provides it and app.ts passes it in, so decisions do not import publications (decision 012).
 */
export type Announcements = (db: Kysely<DB>, decisionId: number, ctx: PageContext) => Promise<ComponentChildren>

/** Published rating decisions for everyone: /decisions and /decisions/:id. Panelists are not named. */
export function registerDecisionsPublic(app: FastifyInstance, deps: AppDeps, announcements: Announcements): void {
  for (const { locale, url } of localizedRoutes('/decisions')) {
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
      sendCachedPage(deps, request, reply, { locale, path: '/decisions', day: isoDate(deps.clock()) }, async (ctx) => {
        const [decisions, countries] = await Promise.all([publishedDecisions(deps.db, { limit: 500 }), listCountries(deps.db)])
        const names = new Map(countries.map((c) => [c.code, c.names[locale]]))
        return h(DecisionsList, { ctx, decisions, names })
      }),
    )

    app.get<{ Params: { id: string } }>(
      `${url}/:id`,
      { config: { policy: 'public' }, schema: { hide: true, params: Params } },
      (request, reply) =>
        sendCachedPage(
          deps,
          request,
          reply,
          { locale, path: `/decisions/${request.params.id}`, day: isoDate(deps.clock()) },
          async (ctx) => {
            const decision = await loadDecision(deps.db, Number(request.params.id))
            if (!decision || decision.status !== 'published') throw notFound('decision')
            const [methodology, countries, announced] = await Promise.all([
              methodologyById(deps.db, decision.methodologyId),
              listCountries(deps.db),
              announcements(deps.db, decision.id, ctx),
            ])
            const country = countries.find((c) => c.code === decision.countryCode)!
            return h(PublicDecision, {
              ctx,
              decision,
              config: methodology!.config,
              country: { name: country.names[locale], slug: country.slug },
              announced,
            })
          },
        ),
    )
  }
}

function DecisionsList({ ctx, decisions, names }: { ctx: PageContext; decisions: DecisionSummary[]; names: Map<string, string> }) {
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('decisions.title')} description={t('decisions.lead')}>
      <h1 id="decisions-title">{t('decisions.title')}</h1>
      <p class="lead">{t('decisions.lead')}</p>
      {decisions.length === 0 ? (
        <p>{t('decisions.none')}</p>
      ) : (
        <TableScroll labelledBy="decisions-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('decisions.col.published')}</th>
                <th scope="col">{t('decision.country')}</th>
                <th scope="col">{t('ratingDesk.col.change')}</th>
              </tr>
            </thead>
            <tbody>
              {decisions.map((d) => (
                <tr>
                  <td>{formatInstant(locale, d.publishedAt!)}</td>
                  <td>
                    <a href={href(ctx, `/decisions/${d.id}`)}>{names.get(d.countryCode) ?? d.countryCode}</a>
                  </td>
                  <td>
                    <DecisionChange ctx={ctx} decision={d} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}

function PublicDecision(props: {
  ctx: PageContext
  decision: DecisionRecord
  config: MethodologyConfig
  country: { name: string; slug: string }
  announced: ComponentChildren
}) {
  const { ctx, decision } = props
  const { t, locale } = ctx
  const heading = t('decisions.pageTitle', { country: props.country.name })
  const evidence = decision.evidence.filter((e) => e.status === 'published')
  // Reasons given for a conflict of interest can identify a panelist: they stay in the back office.
  const comments = decision.votes.filter((v) => v.comment && !v.conflict)
  return (
    <Layout ctx={ctx} title={heading}>
      <p class="breadcrumb">
        <a href={href(ctx, '/decisions')}>{t('decisions.title')}</a> ·{' '}
        <a href={href(ctx, `/countries/${props.country.slug}`)}>{props.country.name}</a>
      </p>
      <h1>{heading}</h1>
      <p>{t('decisions.publishedAt', { time: formatInstant(locale, decision.publishedAt!) })}</p>
      <DecisionChange ctx={ctx} decision={decision} />
      <Rationale ctx={ctx} rationale={decision.rationale} />
      {props.announced}
      <h2 id="evidence-title">{t('decision.evidenceTitle')}</h2>
      {evidence.length === 0 ? (
        <p>{t('decision.noEvidence')}</p>
      ) : (
        <ul>
          {evidence.map((e) => (
            <li>
              <a href={href(ctx, `/updates/${e.updateId}`)}>{e.title}</a>
            </li>
          ))}
        </ul>
      )}
      <h2>{t('decision.panelTitle')}</h2>
      <TallyLine ctx={ctx} tally={tally(decision.votes, decision.quorum)} quorum={decision.quorum} />
      {comments.length > 0 && (
        <ul>
          {comments.map((v) => (
            <li>
              {t(`decision.vote.${v.vote!}`)}: {v.comment}
            </li>
          ))}
        </ul>
      )}
      <p class="hint">{t('decisions.panelAnonymous')}</p>
      <h2>{t('decision.breakdownTitle', { version: decision.methodologyLabel })}</h2>
      {decision.breakdown ? <BreakdownTables ctx={ctx} breakdown={decision.breakdown} config={props.config} id="frozen" /> : null}
      <p>
        <a href={href(ctx, `/methodology/${decision.methodologyLabel}`)}>
          {t('decisions.methodologyLink', { version: decision.methodologyLabel })}
        </a>
      </p>
    </Layout>
  )
}
