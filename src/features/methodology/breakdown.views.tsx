import { formatDate, formatNumber } from '../../lib/i18n.js'
import type { PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import type { Breakdown, BreakdownItem } from './engine.js'
import type { MethodologyConfig } from './methodology.js'

/**
 * The engine's breakdown as a reader sees it: per freedom, every input with its raw and rebased
 * value, its weight and its contribution, then the incident signal and the score.
 */
export function BreakdownTables({
  ctx,
  breakdown,
  config,
  id,
}: {
  ctx: PageContext
  breakdown: Breakdown
  config: MethodologyConfig
  id: string
}) {
  const { t, locale } = ctx
  const pct = (share: number) => formatNumber(locale, share, { style: 'percent', maximumFractionDigits: 1 })
  const num = (value: number) => formatNumber(locale, value, { maximumFractionDigits: 2 })
  return (
    <div class="breakdown">
      <p>
        {t('breakdown.overall', { date: formatDate(locale, breakdown.date) })} <strong>{breakdown.score ?? t('breakdown.noScore')}</strong>
        {breakdown.category && (
          <>
            {' · '}
            <RatingLabel ctx={ctx} category={breakdown.category} />
          </>
        )}
      </p>
      {breakdown.freedoms.map((freedom) => (
        <section aria-labelledby={`${id}-${freedom.freedom}`}>
          <h3 id={`${id}-${freedom.freedom}`}>
            {t(`freedom.${freedom.freedom}`)}: {freedom.score ?? t('breakdown.noScore')}
            {breakdown.overallWeights[freedom.freedom] !== undefined &&
              ` (${t('breakdown.overallWeight', { weight: pct(breakdown.overallWeights[freedom.freedom]!) })})`}
          </h3>
          {freedom.items.length === 0 ? (
            <p>{t('breakdown.noInputs')}</p>
          ) : (
            <TableScroll labelledBy={`${id}-${freedom.freedom}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('breakdown.col.input')}</th>
                    <th scope="col" class="num">
                      {t('breakdown.col.raw')}
                    </th>
                    <th scope="col" class="num">
                      {t('breakdown.col.rebased')}
                    </th>
                    <th scope="col" class="num">
                      {t('breakdown.col.weight')}
                    </th>
                    <th scope="col" class="num">
                      {t('breakdown.col.contribution')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {freedom.items.map((item) => (
                    <tr>
                      <th scope="row">{inputLabel(ctx, item, config)}</th>
                      <td class="num">{num(item.raw)}</td>
                      <td class="num">{num(item.rebased)}</td>
                      <td class="num">{pct(item.weight)}</td>
                      <td class="num">{num(item.contribution)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">
                      {t('breakdown.incidents', { recent: num(freedom.incidents.recent), baseline: num(freedom.incidents.baseline) })}
                    </th>
                    <td class="num" colSpan={3} />
                    <td class="num">{(freedom.incidents.adjustment > 0 ? '+' : '') + num(freedom.incidents.adjustment)}</td>
                  </tr>
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ))}
    </div>
  )
}

function inputLabel(ctx: PageContext, item: BreakdownItem, config: MethodologyConfig): string {
  const { t, locale } = ctx
  if (item.kind === 'indicator') {
    const spec = config.indicators.find((i) => i.key === item.key)
    return `${spec ? `${spec.name} (${spec.source})` : item.key}, ${item.year ?? ''}`
  }
  const trend = item.trend ? `, ${t(`trend.${item.trend}`)}` : ''
  return `${t(`breakdown.${item.kind}`)} (${t('breakdown.periodEnd', { date: formatDate(locale, item.key) })}${trend})`
}
