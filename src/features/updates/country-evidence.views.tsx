import type { Kysely } from 'kysely'
import { sql } from 'kysely'
import type { DB } from '../../db/schema.js'
import { formatDate, formatNumber, languageInfo } from '../../lib/i18n.js'
import { TableScroll } from '../../web/table-scroll.js'
import { href, type PageContext } from '../../web/page-context.js'
import { listPublicUpdates, type PublicUpdateSummary } from './public.queries.js'
import { SampleBadge } from './sample-badge.js'
import { listTerms, termLabel, type Term } from './updates.queries.js'

/**
 * On a country page: its latest published updates, and its published incidents by type and
 * year as a stacked bar chart drawn on the server (with the same numbers as a table).
 */
export interface CountryEvidence {
  code: string
  updates: PublicUpdateSummary[]
  series: { year: string; typeId: number; count: number }[]
  terms: Term[]
}

export async function countryEvidence(db: Kysely<DB>, code: string): Promise<CountryEvidence> {
  const [updates, series, terms] = await Promise.all([
    listPublicUpdates(db, { country: code }, { limit: 5, offset: 0 }),
    db
      .selectFrom('incidents')
      .innerJoin('updates', 'updates.id', 'incidents.update_id')
      .where('updates.status', '=', 'published')
      .where('updates.country_code', '=', code)
      // Sample content stays out of the figures: it is labelled where it appears, and a chart has no label.
      .where('updates.sample', '=', false)
      .select([sql<string>`substr(incidents.occurred_on::text, 1, 4)`.as('year'), 'incidents.type_id', sql<number>`count(*)::int`.as('n')])
      .groupBy([sql`1`, 'incidents.type_id'])
      .orderBy(sql`1`)
      .execute(),
    listTerms(db),
  ])
  return { code, updates, series: series.map((s) => ({ year: s.year, typeId: s.type_id, count: s.n })), terms }
}

const COLOURS = ['#1f5f8b', '#c2571a', '#5b8c3a', '#8a3f8f', '#b8860b', '#4d4d4d']

export function CountryEvidenceSection({ ctx, evidence }: { ctx: PageContext; evidence: CountryEvidence }) {
  const { t, locale } = ctx
  const totals = new Map<number, number>()
  for (const s of evidence.series) totals.set(s.typeId, (totals.get(s.typeId) ?? 0) + s.count)
  // The five most frequent types get a colour each; the rest are "other".
  const top = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5)
    .map(([id]) => id)
  const years = [...new Set(evidence.series.map((s) => s.year))].sort()
  const keyOf = (typeId: number) => (top.includes(typeId) ? typeId : -1)
  const keys = [...top, ...(totals.size > top.length ? [-1] : [])]
  const label = (key: number) =>
    key === -1
      ? t('country.otherTypes')
      : termLabel(
          evidence.terms.find((x) => x.id === key),
          locale,
        )
  const cell = (year: string, key: number) =>
    evidence.series.filter((s) => s.year === year && keyOf(s.typeId) === key).reduce((sum, s) => sum + s.count, 0)
  const max = Math.max(1, ...years.map((y) => keys.reduce((sum, k) => sum + cell(y, k), 0)))
  const [width, height, barGap] = [560, 200, 8]
  const barWidth = years.length > 0 ? Math.min(60, (width - 40) / years.length - barGap) : 0
  return (
    <>
      <section aria-labelledby="latest-updates">
        <h2 id="latest-updates">{t('country.latestUpdates')}</h2>
        {evidence.updates.length === 0 ? (
          <p>{t('country.noUpdates')}</p>
        ) : (
          <ul class="update-list">
            {evidence.updates.map((u) => (
              <li lang={u.language} dir={languageInfo(u.language).dir}>
                <a href={href(ctx, `/updates/${u.id}`)}>{u.title}</a> {u.sample && <SampleBadge ctx={ctx} />}{' '}
                <span class="meta">{formatDate(locale, u.publishedAt.toISOString().slice(0, 10))}</span>
              </li>
            ))}
          </ul>
        )}
        <p>
          <a href={`${href(ctx, '/updates')}?country=${evidence.code}`}>{t('country.allUpdates')}</a> ·{' '}
          <a href={`/updates/feed.atom?country=${evidence.code}`} type="application/atom+xml">
            {t('updates.feed')}
          </a>
        </p>
      </section>
      {years.length > 0 && (
        <section>
          <h2 id="incident-chart">{t('country.incidentsByType')}</h2>
          <svg class="chart" viewBox={`0 0 ${width} ${height + 24}`} role="img" aria-labelledby="incident-chart">
            {years.map((year, i) => {
              let y = height
              const x = 30 + i * (barWidth + barGap)
              return (
                <g>
                  {keys.map((key, k) => {
                    const h = (cell(year, key) / max) * (height - 10)
                    y -= h
                    return h > 0 ? <rect x={x} y={y} width={barWidth} height={h} fill={COLOURS[k]} /> : null
                  })}
                  <text x={x + barWidth / 2} y={height + 16} text-anchor="middle" font-size="12">
                    {year}
                  </text>
                </g>
              )
            })}
          </svg>
          <ul class="legend">
            {keys.map((key, k) => (
              <li>
                <svg width="12" height="12" aria-hidden="true">
                  <rect width="12" height="12" fill={COLOURS[k]} />
                </svg>{' '}
                {label(key)}
              </li>
            ))}
          </ul>
          <TableScroll labelledBy="incident-chart">
            <table>
              <caption class="visually-hidden">{t('country.incidentsByType')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('incident.type')}</th>
                  {years.map((year) => (
                    <th scope="col" class="number">
                      {year}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <tr>
                    <th scope="row">{label(key)}</th>
                    {years.map((year) => (
                      <td class="number">{formatNumber(locale, cell(year, key))}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      )}
    </>
  )
}
