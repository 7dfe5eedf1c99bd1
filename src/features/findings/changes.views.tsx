import { formatDate } from '../../lib/i18n.js'
import { FilterSelect, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import { regionName } from '../countries/region-names.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import type { ChangeFilter, RatingChange } from './changes.queries.js'

/** The log of rating changes (/ratings) and the table of changes it shares with the findings page. */
export function ChangesTable({ ctx, changes, labelledBy }: { ctx: PageContext; changes: RatingChange[]; labelledBy: string }) {
  const { t, locale } = ctx
  return (
    <TableScroll labelledBy={labelledBy}>
      <table class="changes-table">
        <thead>
          <tr>
            <th scope="col">{t('changes.col.date')}</th>
            <th scope="col">{t('changes.col.country')}</th>
            <th scope="col">{t('changes.col.change')}</th>
            <th scope="col">{t('changes.col.direction')}</th>
            <th scope="col">{t('changes.col.decision')}</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => (
            <tr>
              <td>
                <time dateTime={c.date}>{formatDate(locale, c.date)}</time>
              </td>
              <th scope="row">
                <a href={href(ctx, `/countries/${c.slug}`)}>{c.names[locale]}</a>
              </th>
              <td>
                <RatingLabel ctx={ctx} category={c.from} /> <span aria-hidden="true">→</span>
                <span class="visually-hidden">{t('changes.to')}</span> <RatingLabel ctx={ctx} category={c.to} />
              </td>
              <td class={`direction ${c.direction}`}>{t(`changes.direction.${c.direction}`)}</td>
              <td>{c.decisionId !== null && <a href={href(ctx, `/decisions/${c.decisionId}`)}>{t('changes.decisionLink')}</a>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

/** What to say when there is no change to list: the first ratings are a baseline. */
export function NoChanges({ ctx, text, firstRatingDate }: { ctx: PageContext; text: string; firstRatingDate: string | null }) {
  return (
    <div class="notice" role="status">
      <p>{text}</p>
      <p>
        {firstRatingDate ? ctx.t('changes.baseline', { date: formatDate(ctx.locale, firstRatingDate) }) : ctx.t('changes.noRatingsYet')}
      </p>
    </div>
  )
}

export interface ChangesModel {
  filter: ChangeFilter
  changes: RatingChange[]
  total: number
  page: number
  pageSize: number
  years: number[]
  regions: string[]
  firstRatingDate: string | null
}

/** The query string of a filter and page ('' when empty). */
export function changesQuery(filter: ChangeFilter, page = 1): string {
  const params = new URLSearchParams()
  if (filter.year !== undefined) params.set('year', String(filter.year))
  if (filter.region) params.set('region', filter.region)
  if (filter.direction) params.set('direction', filter.direction)
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

export function ChangesPage({ ctx, model }: { ctx: PageContext; model: ChangesModel }) {
  const { t } = ctx
  const { filter } = model
  const base = href(ctx, '/ratings')
  const filtered = filter.year !== undefined || filter.region !== undefined || filter.direction !== undefined
  const pages = Math.max(1, Math.ceil(model.total / model.pageSize))
  return (
    <Layout ctx={ctx} title={t('changes.title')} description={t('changes.lead')} section="findings">
      <h1 id="changes-title">{t('changes.title')}</h1>
      <p class="lead">{t('changes.lead')}</p>
      <InlineForm
        action={base}
        submit={t('changes.filter.submit')}
        reset={filtered ? { href: base, label: t('changes.filter.clear') } : undefined}
      >
        <FilterSelect
          id="year"
          label={t('changes.filter.year')}
          options={model.years.map((year) => ({ value: String(year), label: String(year) }))}
          value={filter.year === undefined ? undefined : String(filter.year)}
          empty={t('changes.filter.allYears')}
        />
        <FilterSelect
          id="region"
          label={t('changes.filter.region')}
          options={model.regions.map((region) => ({ value: region, label: regionName(t, 'region', region) }))}
          value={filter.region}
          empty={t('changes.filter.allRegions')}
        />
        <FilterSelect
          id="direction"
          label={t('changes.filter.direction')}
          options={[
            { value: 'upgrade', label: t('changes.filter.upgrades') },
            { value: 'downgrade', label: t('changes.filter.downgrades') },
          ]}
          value={filter.direction}
          empty={t('changes.filter.allDirections')}
        />
      </InlineForm>
      <p role="status">{t('changes.count', { count: model.total })}</p>
      {model.changes.length === 0 ? (
        <NoChanges
          ctx={ctx}
          text={filtered || model.page > 1 ? t('changes.noneMatch') : t('changes.none')}
          firstRatingDate={model.firstRatingDate}
        />
      ) : (
        <ChangesTable ctx={ctx} changes={model.changes} labelledBy="changes-title" />
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('updates.pages')}>
          {model.page > 1 && <a href={`${base}${changesQuery(filter, model.page - 1)}`}>{t('updates.previous')}</a>}{' '}
          {t('updates.pageOf', { page: model.page, pages })}{' '}
          {model.page < pages && <a href={`${base}${changesQuery(filter, model.page + 1)}`}>{t('updates.next')}</a>}
        </nav>
      )}
      <p>
        {t('changes.perPage', { count: model.pageSize })}{' '}
        <a href={`/api/v1/ratings/changes${changesQuery(filter)}`} type="application/json">
          {t('changes.json')}
        </a>{' '}
        · <a href={href(ctx, '/findings')}>{t('findings.title')}</a>
      </p>
    </Layout>
  )
}
