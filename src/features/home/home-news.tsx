import { formatDate } from '../../lib/i18n.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { RatingChange } from '../findings/changes.queries.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import type { EditionSummary } from '../watchlist/watchlist.queries.js'

/** On the home page, below the map: the latest rating changes and the latest watchlist edition. */
export function HomeNews({ ctx, changes, watchlist }: { ctx: PageContext; changes: RatingChange[]; watchlist: EditionSummary | null }) {
  const { t, locale } = ctx
  return (
    <>
      <h2>{t('home.changesTitle')}</h2>
      {changes.length === 0 ? (
        <p>{t('home.noChanges')}</p>
      ) : (
        <ul class="home-changes">
          {changes.map((c) => (
            <li>
              {formatDate(locale, c.date)} · <a href={href(ctx, `/countries/${c.slug}`)}>{c.names[locale]}</a>:{' '}
              <RatingLabel ctx={ctx} category={c.from} /> → <RatingLabel ctx={ctx} category={c.to} />
              {c.decisionId !== null && (
                <>
                  {' '}
                  · <a href={href(ctx, `/decisions/${c.decisionId}`)}>{t('why.decisionLink')}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={href(ctx, '/ratings')}>{t('home.allChanges')}</a>
      </p>
      <h2>{t('home.watchlistTitle')}</h2>
      {watchlist ? (
        <p>
          <a href={href(ctx, `/watchlist/${watchlist.id}`)}>{watchlist.title}</a> ({formatDate(locale, watchlist.editionDate)})
        </p>
      ) : (
        <p>{t('home.noWatchlist')}</p>
      )}
    </>
  )
}
