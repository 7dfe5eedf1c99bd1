import { TableScroll } from '../../web/table-scroll.js'
import type { ComponentChildren } from 'preact'
import { formatDate, formatNumber } from '../../lib/i18n.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { RatingHistoryEntry } from '../ratings/ratings.queries.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import type { CountryWithRating } from '../countries/countries.queries.js'
import { regionName } from '../countries/region-names.js'

export function CountryPage({
  ctx,
  country,
  history,
  underReview = false,
  historyChart,
  children,
}: {
  ctx: PageContext
  country: CountryWithRating
  history: RatingHistoryEntry[]
  /** Editors have marked the rating "under review" while a decision is pending. */
  underReview?: boolean
  historyChart?: ComponentChildren
  /** What other features add below the rating: the evidence. */
  children?: ComponentChildren
}) {
  const { t, locale } = ctx
  const name = country.names[locale]
  const rating = country.rating
  return (
    <Layout
      ctx={ctx}
      title={name}
      description={rating ? t('country.summary', { name, category: t(`category.${rating.category}`) }) : undefined}
      section="countries"
    >
      <p class="breadcrumb">
        <a href={href(ctx, '/countries')}>{t('countries.title')}</a>
      </p>
      <h1>{name}</h1>
      <section class={`rating-card cat-${rating?.category ?? 'unrated'}`} aria-labelledby="rating-title">
        <h2 id="rating-title" class="visually-hidden">
          {t('country.ratingTitle')}
        </h2>
        <p class="category">
          <RatingLabel ctx={ctx} category={rating?.category ?? null} />
        </p>
        {underReview && <p class="under-review">{t('why.underReview')}</p>}
        {rating ? (
          <>
            <p>{t(`category.${rating.category}.meaning`)}</p>
            <p>
              {t('country.since', { date: formatDate(locale, rating.since) })}
              {rating.score !== null && ` · ${t('country.score', { score: rating.score })}`}
            </p>
          </>
        ) : (
          <p>{t('country.unratedExplained')}</p>
        )}
      </section>

      {children}

      <h2 id="history-title">{t('country.historyTitle')}</h2>
      {history.length === 0 ? (
        <p>{t('country.noHistory')}</p>
      ) : (
        <>
          {historyChart}
          <TableScroll labelledBy="history-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('country.col.since')}</th>
                  <th scope="col">{t('country.col.rating')}</th>
                  <th scope="col" class="num">
                    {t('country.col.score')}
                  </th>
                  <th scope="col">{t('country.col.source')}</th>
                </tr>
              </thead>
              <tbody>
                {history.map((entry) => (
                  <tr>
                    <td>{formatDate(locale, entry.since)}</td>
                    <td>
                      <RatingLabel ctx={ctx} category={entry.category} />
                    </td>
                    <td class="num">{entry.score ?? '–'}</td>
                    <td>
                      {entry.decisionId ? (
                        <a href={href(ctx, `/decisions/${entry.decisionId}`)}>{t('country.decisionSource', { id: entry.decisionId })}</a>
                      ) : (
                        entry.source
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </>
      )}

      <h2>{t('country.factsTitle')}</h2>
      <dl class="facts">
        <dt>{t('country.region')}</dt>
        <dd>
          {regionName(t, 'region', country.region)}
          {country.subregion && ` · ${regionName(t, 'subregion', country.subregion)}`}
        </dd>
        <dt>{t('country.population')}</dt>
        <dd>
          {country.population
            ? t('country.populationValue', {
                value: formatNumber(locale, country.population.value),
                year: String(country.population.year ?? ''),
              })
            : t('country.populationUnknown')}
          {country.population?.source && (
            <>
              <br />
              <small>{t('country.sourceLabel', { source: country.population.source })}</small>
            </>
          )}
        </dd>
        <dt>{t('country.codes')}</dt>
        <dd>
          <code>{country.code}</code>
          {country.alpha2 && (
            <>
              {' '}
              · <code>{country.alpha2}</code>
            </>
          )}
          {country.numeric && (
            <>
              {' '}
              · <code>{country.numeric}</code>
            </>
          )}
        </dd>
        <dt>{t('country.data')}</dt>
        <dd>
          <a href={`/api/v1/countries/${country.code}`}>{t('country.dataLink')}</a>
        </dd>
      </dl>
    </Layout>
  )
}
