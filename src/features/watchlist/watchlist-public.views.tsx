import { formatDate } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { CountryWithRating } from '../countries/countries.queries.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import { versionFor, type VersionSummary } from '../publications/public.queries.js'
import type { Edition, EditionSummary } from './watchlist.queries.js'

/**
 * The public watchlist: the latest published edition (or one chosen edition) and the archive.
 * Editions are written in one language whatever the reader's: their text takes its own direction.
 */
export interface WatchlistPageModel {
  /** The edition shown; null when none has been published yet. */
  edition: Edition | null
  /** Every published edition, the latest first. */
  editions: EditionSummary[]
  countries: Map<string, CountryWithRating>
  /** The page of one edition (/watchlist/{id}) rather than the watchlist itself. */
  single: boolean
  /** The published report presenting the edition shown: its language versions. */
  report: VersionSummary[] | null
}

export function WatchlistPage({ ctx, model }: { ctx: PageContext; model: WatchlistPageModel }) {
  const { t, locale } = ctx
  const { edition } = model
  const latest = model.editions[0]
  const earlier = model.editions.filter((e) => e.id !== edition?.id)
  const title = model.single && edition ? edition.title : t('watchlist.title')
  return (
    <Layout ctx={ctx} title={title} description={t('watchlist.lead')} section="watchlist">
      {model.single && (
        <p class="breadcrumb">
          <a href={href(ctx, '/watchlist')}>{t('watchlist.title')}</a>
        </p>
      )}
      <h1 dir={model.single ? 'auto' : undefined}>{title}</h1>
      {!model.single && <p class="lead">{t('watchlist.lead')}</p>}
      {!edition && <p>{t('watchlist.nonePublished')}</p>}
      {edition && (
        <article aria-labelledby={model.single ? undefined : 'edition-title'}>
          {model.single ? (
            <p class="meta">{t('watchlist.editionOf', { date: formatDate(locale, edition.editionDate) })}</p>
          ) : (
            <>
              <h2 id="edition-title" dir="auto">
                {edition.title}
              </h2>
              <p class="meta">{t('watchlist.editionOf', { date: formatDate(locale, edition.editionDate) })}</p>
            </>
          )}
          {model.single && latest && latest.id !== edition.id && (
            <p class="notice" role="note">
              {t('watchlist.earlierEdition')} <a href={href(ctx, '/watchlist')}>{t('watchlist.seeLatest')}</a>
            </p>
          )}
          {edition.introduction && (
            <div class="prose" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(edition.introduction) }} />
          )}
          <Entries ctx={ctx} edition={edition} countries={model.countries} level={model.single ? 2 : 3} />
          {model.report && <ReportLink ctx={ctx} report={versionFor(model.report, locale)!} />}
        </article>
      )}
      {earlier.length > 0 && (
        <section aria-labelledby="archive-title">
          <h2 id="archive-title">{model.single ? t('watchlist.otherEditions') : t('watchlist.archive')}</h2>
          <ul class="update-list">
            {earlier.map((e) => (
              <li>
                <a href={href(ctx, `/watchlist/${e.id}`)}>
                  <bdi>{e.title}</bdi>
                </a>{' '}
                <span class="meta">
                  {formatDate(locale, e.editionDate)} · {t('watchlist.countryCount', { count: e.countries })}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  )
}

function Entries(props: { ctx: PageContext; edition: Edition; countries: Map<string, CountryWithRating>; level: 2 | 3 }) {
  const { ctx, edition } = props
  const { t } = ctx
  const Heading = props.level === 2 ? 'h2' : 'h3'
  const Sub = props.level === 2 ? 'h3' : 'h4'
  return (
    <section aria-labelledby="watchlist-countries">
      <Heading id="watchlist-countries">{t('watchlist.countries')}</Heading>
      {/* In the editors' order; a plain list, so the rationales' own Markdown lists stay plain too. */}
      <ol>
        {edition.entries.map((entry) => {
          const country = props.countries.get(entry.countryCode)
          return (
            <li>
              <Sub>{country ? <a href={href(ctx, `/countries/${country.slug}`)}>{country.names[ctx.locale]}</a> : entry.countryCode}</Sub>
              <p class="meta">
                {t('watchlist.currentRating')} <RatingLabel ctx={ctx} category={country?.rating?.category ?? null} />
              </p>
              <div class="prose" dir="auto" dangerouslySetInnerHTML={{ __html: renderMarkdown(entry.rationale) }} />
            </li>
          )
        })}
      </ol>
    </section>
  )
}

function ReportLink({ ctx, report }: { ctx: PageContext; report: VersionSummary }) {
  return (
    <p>
      {ctx.t('watchlist.readReport')}{' '}
      <a href={href({ locale: report.language }, `/press/${report.slug}`)} hreflang={report.language} lang={report.language}>
        {report.title}
      </a>
    </p>
  )
}
