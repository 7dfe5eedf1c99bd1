import { TableScroll } from '../../web/table-scroll.js'
import { formatDate, formatNumber } from '../../lib/i18n.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { CountryWithRating } from './countries.queries.js'
import { regionName } from './region-names.js'
import type { SortDir, SortKey } from './countries.sort.js'
import { RatingLabel } from '../ratings/ratings.views.js'

export function CountriesPage({
  ctx,
  countries,
  sort,
  dir,
  date,
}: {
  ctx: PageContext
  countries: CountryWithRating[]
  sort: SortKey
  dir: SortDir
  date: string
}) {
  const { t, locale } = ctx
  const header = (key: SortKey, label: string) => {
    const active = sort === key
    const next: SortDir = active && dir === 'asc' ? 'desc' : 'asc'
    return (
      <th scope="col" aria-sort={active ? (dir === 'asc' ? 'ascending' : 'descending') : undefined}>
        <a href={href(ctx, `/countries?sort=${key}&dir=${next}`)}>
          {label}
          {active ? (dir === 'asc' ? ' ▲' : ' ▼') : ''}
        </a>
      </th>
    )
  }
  return (
    <Layout ctx={ctx} title={t('countries.title')} section="countries">
      <h1 id="countries-title">{t('countries.title')}</h1>
      <p class="lead">{t('countries.lead', { count: countries.length, date: formatDate(locale, date) })}</p>
      <TableScroll labelledBy="countries-title">
        <table>
          <caption class="visually-hidden">{t('countries.caption')}</caption>
          <thead>
            <tr>
              {header('name', t('countries.col.name'))}
              {header('region', t('countries.col.region'))}
              {header('rating', t('countries.col.rating'))}
              <th scope="col" class="hide-narrow">
                {t('countries.col.since')}
              </th>
              <th scope="col" class="num hide-narrow">
                {t('countries.col.population')}
              </th>
            </tr>
          </thead>
          <tbody>
            {countries.map((c) => (
              <tr>
                <th scope="row">
                  <a href={href(ctx, `/countries/${c.slug}`)}>{c.names[locale]}</a>
                </th>
                <td>{regionName(t, 'region', c.region)}</td>
                <td>
                  <RatingLabel ctx={ctx} category={c.rating?.category ?? null} />
                </td>
                <td class="hide-narrow">{c.rating ? formatDate(locale, c.rating.since) : ''}</td>
                <td class="num hide-narrow">{c.population ? formatNumber(locale, c.population.value) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </Layout>
  )
}
