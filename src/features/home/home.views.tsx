import type { ComponentChildren } from 'preact'
import { formatDate, formatNumber } from '../../lib/i18n.js'
import { FilterInput, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { WorldMapSvg } from '../map/map.views.js'
import type { CountryWithRating } from '../countries/countries.queries.js'
import { CATEGORIES, type Totals } from '../ratings/scale.js'

export interface HomeModel {
  date: string
  today: string
  firstRatingDate: string | null
  countries: CountryWithRating[]
  totals: Totals
  /** Percent of the population of rated countries living in each category. */
  populationShare: Totals
}

export function HomePage({ ctx, model, children }: { ctx: PageContext; model: HomeModel; children?: ComponentChildren }) {
  const { t, locale } = ctx
  const dateText = formatDate(locale, model.date)
  const unrated = model.countries.filter((c) => !c.rating).length
  const rated = model.countries.length - unrated
  const mapTitle = t('home.mapTitle', { date: dateText })
  return (
    <Layout ctx={ctx} title={t('home.title')} description={t('home.lead', { count: model.countries.length })} section="map">
      <h1>{t('home.title')}</h1>
      <p class="lead">{t('home.lead', { count: model.countries.length })}</p>
      <InlineForm
        class="date-form"
        action={href(ctx, '/')}
        submit={t('home.dateSubmit')}
        reset={model.date !== model.today ? { href: href(ctx, '/'), label: t('home.today') } : undefined}
      >
        <FilterInput
          id="date"
          type="date"
          label={t('home.dateLabel')}
          value={model.date}
          min={model.firstRatingDate ?? undefined}
          max={model.today}
        />
      </InlineForm>
      {rated === 0 && (
        <p class="notice" role="status">
          {model.firstRatingDate ? t('home.noRatingsBefore', { date: formatDate(locale, model.firstRatingDate) }) : t('home.noRatings')}
        </p>
      )}
      <a class="skip" href="#totals">
        {t('home.skipMap')}
      </a>
      <figure class="map-figure">
        <div class="map-scroll">
          <WorldMapSvg
            ctx={ctx}
            title={mapTitle}
            countries={model.countries.map((c) => ({
              code: c.code,
              numeric: c.numeric,
              slug: c.slug,
              name: c.names[locale],
              englishName: c.names.en,
              latitude: c.latitude,
              longitude: c.longitude,
              category: c.rating?.category ?? null,
            }))}
          />
        </div>
        <figcaption class="map-caption">
          <span>{mapTitle}</span>
          <a href={href(ctx, '/countries')}>{t('home.tableLink')}</a>
        </figcaption>
      </figure>
      <h2 id="totals" tabIndex={-1}>
        {t('home.totalsTitle', { date: dateText })}
      </h2>
      <ul class="totals">
        {CATEGORIES.map((category) => (
          <li class={`cat-${category}`}>
            <span class={`swatch cat-${category}`} aria-hidden="true" />
            {t(`category.${category}`)}
            <strong>{formatNumber(locale, model.totals[category])}</strong>
            <span>
              {t('home.populationShare', { share: formatNumber(locale, model.populationShare[category], { maximumFractionDigits: 1 }) })}
            </span>
          </li>
        ))}
      </ul>
      <p>
        {t('home.ratedCount', { count: rated })}
        {unrated > 0 && ` ${t('home.unratedCount', { count: unrated })}`}
      </p>
      {children}
      <h2>{t('home.scaleTitle')}</h2>
      <ul class="legend legend-scale">
        {CATEGORIES.map((category) => (
          <li>
            <span class={`swatch cat-${category}`} aria-hidden="true" />
            <strong>{t(`category.${category}`)}</strong>: {t(`category.${category}.meaning`)}
          </li>
        ))}
        <li>
          <span class="swatch cat-unrated" aria-hidden="true" />
          {t('category.unrated')}
        </li>
        <li>
          <span class="swatch cat-unmonitored" aria-hidden="true" />
          {t('map.unmonitored')}
        </li>
      </ul>
    </Layout>
  )
}
