import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { formatDate } from '../../lib/i18n.js'
import { href, type PageContext } from '../../web/page-context.js'
import { BreakdownTables } from '../methodology/breakdown.views.js'
import type { Breakdown } from '../methodology/engine.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { methodologyById, methodologyInForce } from '../methodology/methodology.queries.js'
import { computeScores, monthsBefore } from '../methodology/scores.service.js'
import type { RatingAsOf, RatingHistoryEntry } from '../ratings/ratings.queries.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import { isUnderReview, loadDecision, type DecisionRecord } from './decisions.queries.js'
import { Rationale } from './decision-parts.views.js'

/**
 * "Why this rating" on a country page: the decision that made the rating in force (its
 * rationale, evidence and frozen breakdown) or, for an imported rating, what the engine computes
 * today, clearly labelled as computed; the computed trend over a year; the history as a chart.
 */
export interface CountryRating {
  decision: DecisionRecord | null
  decisionConfig: MethodologyConfig | null
  computed: { now: Breakdown; yearAgo: Breakdown; config: MethodologyConfig; label: string } | null
  underReview: boolean
}

export async function countryRating(db: Kysely<DB>, code: string, rating: RatingAsOf | null, today: string): Promise<CountryRating> {
  const methodology = await methodologyInForce(db)
  const yearAgo = monthsBefore(today, 12)
  const [scores, underReview, decision] = await Promise.all([
    methodology ? computeScores(db, methodology.config, [today, yearAgo], [code]) : null,
    isUnderReview(db, code),
    rating?.decisionId ? loadDecision(db, rating.decisionId) : null,
  ])
  const decisionMethodology = decision ? await methodologyById(db, decision.methodologyId) : null
  return {
    decision: decision?.status === 'published' ? decision : null,
    decisionConfig: decisionMethodology?.config ?? null,
    computed:
      methodology && scores
        ? {
            now: scores.get(today)!.get(code)!,
            yearAgo: scores.get(yearAgo)!.get(code)!,
            config: methodology.config,
            label: methodology.label,
          }
        : null,
    underReview,
  }
}

export function WhyThisRating({ ctx, data, rating }: { ctx: PageContext; data: CountryRating; rating: RatingAsOf | null }) {
  const { t } = ctx
  const { decision, computed } = data
  const trend =
    computed && computed.now.score !== null && computed.yearAgo.score !== null ? computed.now.score - computed.yearAgo.score : null
  return (
    <section aria-labelledby="why-title" class="why-rating">
      <h2 id="why-title">{t('why.title')}</h2>
      {decision && data.decisionConfig ? (
        <>
          <p>
            {t('why.fromDecision', { date: formatDate(ctx.locale, rating!.since) })}{' '}
            <a href={href(ctx, `/decisions/${decision.id}`)}>{t('why.decisionLink')}</a>
          </p>
          <Rationale ctx={ctx} rationale={decision.rationale} nested />
          {decision.evidence.some((e) => e.status === 'published') && (
            <>
              <h3>{t('decision.evidenceTitle')}</h3>
              <ul>
                {decision.evidence
                  .filter((e) => e.status === 'published')
                  .map((e) => (
                    <li>
                      <a href={href(ctx, `/updates/${e.updateId}`)}>{e.title}</a>
                    </li>
                  ))}
              </ul>
            </>
          )}
          {decision.breakdown ? (
            <details>
              <summary>{t('decision.breakdownTitle', { version: decision.methodologyLabel })}</summary>
              <BreakdownTables ctx={ctx} breakdown={decision.breakdown} config={data.decisionConfig} id="why-frozen" />
            </details>
          ) : null}
        </>
      ) : (
        <p>{rating ? t('why.imported') : t('why.unrated')}</p>
      )}
      {computed && (
        <>
          <h3 id="computed-now">{t('why.computedTitle')}</h3>
          <p>
            {t('why.computedHint', { version: computed.label })} <a href={href(ctx, '/methodology')}>{t('why.methodologyLink')}</a>
          </p>
          {trend !== null && (
            <p>
              <strong>{t(trend <= -3 ? 'trend.declining' : trend >= 3 ? 'trend.improving' : 'trend.stable')}</strong>{' '}
              {t('why.trend', { before: computed.yearAgo.score!, now: computed.now.score! })}
            </p>
          )}
          <details>
            <summary>{t('why.breakdownSummary')}</summary>
            <BreakdownTables ctx={ctx} breakdown={computed.now} config={computed.config} id="why-computed" />
          </details>
        </>
      )}
    </section>
  )
}

/** The rating history as a step chart: one level per category, from the first rating to today. */
export function RatingHistoryChart({ ctx, history, today }: { ctx: PageContext; history: RatingHistoryEntry[]; today: string }) {
  const { t, locale } = ctx
  if (history.length === 0) return null
  const W = 480
  const H = 170
  const left = 100
  const top = 10
  const row = 30
  const asc = [...history].reverse()
  const day = (d: string) => Date.parse(`${d}T00:00:00Z`)
  const start = day(asc[0]!.since)
  const end = Math.max(day(today), start + 86_400_000 * 30)
  const x = (d: string) => left + ((Math.min(day(d), end) - start) / (end - start)) * (W - left - 10)
  const y = (c: Category) => top + CATEGORIES.indexOf(c) * row + row / 2
  return (
    <figure class="history-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby="history-chart-title history-chart-desc">
        <title id="history-chart-title">{t('why.chartTitle')}</title>
        <desc id="history-chart-desc">{asc.map((e) => `${formatDate(locale, e.since)}: ${t(`category.${e.category}`)}`).join('; ')}</desc>
        {CATEGORIES.map((c) => (
          <g>
            <rect class={`band cat-${c}`} x={left} y={top + CATEGORIES.indexOf(c) * row} width={W - left - 10} height={row} />
            <text x={left - 6} y={y(c) + 4} text-anchor="end">
              {t(`category.${c}`)}
            </text>
          </g>
        ))}
        {asc.map((e, i) => {
          const next = asc[i + 1]
          const x1 = x(e.since)
          const x2 = next ? x(next.since) : x(today)
          return (
            <g class="step">
              <line x1={x1} x2={x2} y1={y(e.category)} y2={y(e.category)} />
              {next && <line x1={x2} x2={x2} y1={y(e.category)} y2={y(next.category)} />}
              <circle cx={x1} cy={y(e.category)} r={4} />
            </g>
          )
        })}
        <text x={left} y={H - 4}>
          {formatDate(locale, asc[0]!.since)}
        </text>
        <text x={W - 10} y={H - 4} text-anchor="end">
          {formatDate(locale, today)}
        </text>
      </svg>
    </figure>
  )
}
