import type { Freedom } from '../../db/schema.js'
import { formatDate, formatNumber } from '../../lib/i18n.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import { ChangesTable, NoChanges } from './changes.views.js'
import { BarChart } from './findings.charts.js'
import { type Findings, type ViolationCount } from './findings.queries.js'
import { SHARE_KEYS } from './findings.stats.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

export interface FindingsModel {
  findings: Findings
  years: number[]
  /** The page is /findings (the default year), not /findings/{year}: say which year it shows. */
  isDefault: boolean
  currentYear: number
  firstRatingDate: string | null
}

/** /findings/{year}: the global findings of a year as charts and tables with the same numbers. */
export function FindingsPage({ ctx, model }: { ctx: PageContext; model: FindingsModel }) {
  const { t, locale } = ctx
  const { findings: f } = model
  const asOf = formatDate(locale, f.asOf)
  const title = t('findings.yearTitle', { year: String(f.year) })
  const percent = (value: number) => formatNumber(locale, value / 100, { style: 'percent', maximumFractionDigits: 2 })
  const categoryLabel = (key: (typeof SHARE_KEYS)[number]) => t(`category.${key}`)
  const count = (key: (typeof SHARE_KEYS)[number]) => (key === 'unrated' ? f.unrated : f.totals[key])
  return (
    <Layout ctx={ctx} title={title} description={t('findings.lead', { count: f.monitored, date: asOf })} section="findings">
      <h1>{title}</h1>
      <p class="lead">{t('findings.lead', { count: f.monitored, date: asOf })}</p>
      {model.isDefault && (
        <p>
          {f.complete ? t('findings.defaultComplete', { year: String(f.year) }) : t('findings.defaultToDate', { year: String(f.year) })}
        </p>
      )}
      {!f.complete && (
        <p class="notice" role="status">
          {t('findings.toDate', { year: String(f.year), date: asOf })}
        </p>
      )}
      <nav aria-label={t('findings.years')}>
        <ul class="legend findings-years">
          {model.years.map((year) => (
            <li>
              <a href={href(ctx, `/findings/${year}`)} aria-current={year === f.year ? 'page' : undefined}>
                {year === model.currentYear ? t('findings.yearToDate', { year: String(year) }) : String(year)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p>
        {t('findings.download')} <a href={`/findings/${f.year}.csv`}>CSV</a> ·{' '}
        <a href={`/api/v1/findings/${f.year}`} type="application/json">
          JSON
        </a>
      </p>

      <h2 id="categories">{t('findings.categoriesTitle', { date: asOf })}</h2>
      <div class="findings-charts">
        <figure>
          <BarChart
            id="chart-countries"
            title={t('findings.chartCountries', { date: asOf })}
            bars={SHARE_KEYS.map((key) => ({ key, label: categoryLabel(key), value: count(key), text: formatNumber(locale, count(key)) }))}
          />
          <figcaption>{t('findings.chartCountries', { date: asOf })}</figcaption>
        </figure>
        <figure>
          <BarChart
            id="chart-population"
            title={t('findings.chartPopulation', { date: asOf })}
            bars={SHARE_KEYS.map((key) => ({
              key,
              label: categoryLabel(key),
              value: f.populationShare[key],
              text: percent(f.populationShare[key]),
            }))}
            max={100}
          />
          <figcaption>{t('findings.chartPopulation', { date: asOf })}</figcaption>
        </figure>
      </div>
      <TableScroll labelledBy="categories">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('findings.col.category')}</th>
              <th scope="col" class="num">
                {t('findings.col.countries')}
              </th>
              <th scope="col" class="num">
                {t('findings.col.populationShare')}
              </th>
            </tr>
          </thead>
          <tbody>
            {SHARE_KEYS.map((key) => (
              <tr>
                <th scope="row">
                  <RatingLabel ctx={ctx} category={key === 'unrated' ? null : key} />
                </th>
                <td class="num">{formatNumber(locale, count(key))}</td>
                <td class="num">{percent(f.populationShare[key])}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t('findings.total')}</th>
              <td class="num">{formatNumber(locale, f.monitored)}</td>
              <td class="num">{percent(SHARE_KEYS.reduce((sum, key) => sum + f.populationShare[key], 0))}</td>
            </tr>
          </tfoot>
        </table>
      </TableScroll>
      <p class="findings-note">
        {t('findings.populationNote', { year: String(f.populationYear ?? '?'), source: f.populationSource ?? '?' })}
        {f.withoutPopulation > 0 && ` ${t('findings.withoutPopulation', { count: f.withoutPopulation })}`}
      </p>

      <h2 id="changes">{t('findings.changesTitle', { year: String(f.year) })}</h2>
      {f.changes.length === 0 ? (
        <NoChanges ctx={ctx} text={t('findings.noChanges', { year: String(f.year) })} firstRatingDate={model.firstRatingDate} />
      ) : (
        <>
          <p>
            {t('findings.changesSummary', {
              count: f.changes.length,
              up: f.changes.filter((c) => c.direction === 'upgrade').length,
              down: f.changes.filter((c) => c.direction === 'downgrade').length,
            })}
          </p>
          <ChangesTable ctx={ctx} changes={f.changes} labelledBy="changes" />
        </>
      )}
      <p>
        <a href={`${href(ctx, '/ratings')}?year=${f.year}`}>{t('findings.changesLink')}</a>
      </p>

      <h2>{t('findings.violationsTitle', { year: String(f.year) })}</h2>
      {f.topViolations.byCountries.length === 0 ? (
        <p>{t('findings.noIncidents', { year: String(f.year) })}</p>
      ) : (
        <>
          <ViolationsTable ctx={ctx} id="violations-countries" title={t('findings.byCountries')} rows={f.topViolations.byCountries} />
          <ViolationsTable ctx={ctx} id="violations-incidents" title={t('findings.byIncidents')} rows={f.topViolations.byIncidents} />
        </>
      )}

      <h2 id="freedoms">{t('findings.freedomsTitle', { year: String(f.year) })}</h2>
      <TableScroll labelledBy="freedoms">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('findings.col.freedom')}</th>
              <th scope="col" class="num">
                {t('findings.col.updates')}
              </th>
              <th scope="col" class="num">
                {t('findings.col.incidents')}
              </th>
            </tr>
          </thead>
          <tbody>
            {FREEDOMS.map((freedom: Freedom) => (
              <tr>
                <th scope="row">{t(`freedom.${freedom}`)}</th>
                <td class="num">{formatNumber(locale, f.perFreedom[freedom].updates)}</td>
                <td class="num">{formatNumber(locale, f.perFreedom[freedom].incidents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <p class="findings-note">{t('findings.evidenceNote')}</p>
    </Layout>
  )
}

function ViolationsTable({ ctx, id, title, rows }: { ctx: PageContext; id: string; title: string; rows: ViolationCount[] }) {
  const { t, locale } = ctx
  return (
    <>
      <h3 id={id}>{title}</h3>
      <TableScroll labelledBy={id}>
        <table>
          <thead>
            <tr>
              <th scope="col">{t('findings.col.violation')}</th>
              <th scope="col" class="num">
                {t('findings.col.countries')}
              </th>
              <th scope="col" class="num">
                {t('findings.col.incidents')}
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <th scope="row">{row.labels[locale] ?? row.labels.en}</th>
                <td class="num">{formatNumber(locale, row.countries)}</td>
                <td class="num">{formatNumber(locale, row.incidents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </>
  )
}
