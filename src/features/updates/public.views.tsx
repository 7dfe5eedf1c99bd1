import { formatDate, formatNumber, languageInfo } from '../../lib/i18n.js'
import { FilterInput, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { regionName } from '../countries/region-names.js'
import type { Facets, PublicFilter, PublicUpdateSummary } from './public.queries.js'
import { SampleBadge } from './sample-badge.js'
import { termLabel, type Term } from './updates.queries.js'

export interface UpdatesListModel {
  filter: PublicFilter
  updates: PublicUpdateSummary[]
  facets: Facets
  page: number
  pageSize: number
  countryNames: Map<string, string>
  countrySlugs: Map<string, string>
  terms: Term[]
}

/** The query string of a filter, with one value changed (null removes it); the page resets. */
export function filterQuery(filter: PublicFilter, change: Partial<Record<keyof PublicFilter | 'page', string | null>> = {}): string {
  const merged: Record<string, string | undefined | null> = { ...filter, ...change }
  const params = new URLSearchParams()
  for (const key of ['q', 'country', 'region', 'freedom', 'tag', 'language', 'partner', 'from', 'to', 'page']) {
    const value = merged[key]
    if (value) params.set(key, value)
  }
  const text = params.toString()
  return text ? `?${text}` : ''
}

const day = (instant: Date) => instant.toISOString().slice(0, 10)

/** /updates: search, facets as plain links, results newest first (or best match for a search). */
export function UpdatesPage({ ctx, model }: { ctx: PageContext; model: UpdatesListModel }) {
  const { t, locale } = ctx
  const { filter, facets } = model
  const base = href(ctx, '/updates')
  const term = (key: string) => model.terms.find((x) => x.key === key && ['topic', 'violation', 'positive'].includes(x.vocabulary))
  const groups: { key: keyof PublicFilter; title: string; items: { value: string; label: string; count: number }[] }[] = [
    {
      key: 'country',
      title: t('update.country'),
      items: facets.country.map((f) => ({ ...f, label: model.countryNames.get(f.value) ?? f.value })),
    },
    { key: 'region', title: t('updates.region'), items: facets.region.map((f) => ({ ...f, label: regionName(t, 'region', f.value) })) },
    {
      key: 'freedom',
      title: t('update.freedoms'),
      items: facets.freedom.map((f) => ({ ...f, label: t(`freedom.${f.value as 'expression'}`) })),
    },
    { key: 'tag', title: t('update.tags'), items: facets.tag.map((f) => ({ ...f, label: termLabel(term(f.value), locale) || f.value })) },
    {
      key: 'language',
      title: t('updates.languageFacet'),
      items: facets.language.map((f) => ({ ...f, label: t(`language.${f.value as 'en'}`) })),
    },
    { key: 'partner', title: t('updates.partner'), items: facets.partner },
  ]
  const pages = Math.ceil(facets.total / model.pageSize)
  return (
    <Layout ctx={ctx} title={t('updates.title')} section="updates">
      <h1>{t('updates.title')}</h1>
      <p class="lead">{t('updates.lead')}</p>
      <InlineForm action={base} role="search" submit={t('updates.searchSubmit')}>
        <FilterInput id="q" type="search" label={t('updates.search')} value={filter.q} maxLength={200} />
        <FilterInput id="from" type="date" label={t('updates.from')} value={filter.from} />
        <FilterInput id="to" type="date" label={t('updates.to')} value={filter.to} />
        {(['country', 'region', 'freedom', 'tag', 'language', 'partner'] as const).map((key) =>
          filter[key] ? <input type="hidden" name={key} value={filter[key]} /> : null,
        )}
      </InlineForm>
      <div class="with-facets">
        <nav class="facets" aria-label={t('updates.facets')}>
          {groups
            .filter((group) => group.items.length > 0 || filter[group.key])
            .map((group) => (
              <section>
                <h2>{group.title}</h2>
                {filter[group.key] && (
                  <p>
                    <a href={`${base}${filterQuery(filter, { [group.key]: null, page: null })}`}>{t('updates.clearFacet')}</a>
                  </p>
                )}
                <ul>
                  {group.items.slice(0, 12).map((item) => (
                    <li>
                      {filter[group.key] === item.value ? (
                        <strong aria-current="true">{item.label}</strong>
                      ) : (
                        <a href={`${base}${filterQuery(filter, { [group.key]: item.value, page: null })}`}>{item.label}</a>
                      )}{' '}
                      <span class="count">({formatNumber(locale, item.count)})</span>
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        </nav>
        <div class="results">
          <p role="status">{t('updates.count', { count: facets.total })}</p>
          <ol class="update-list">
            {model.updates.map((u) => (
              <li lang={u.language} dir={languageInfo(u.language).dir}>
                <h2>
                  <a href={href(ctx, `/updates/${u.id}`)}>{u.title}</a>
                </h2>
                <p class="meta">
                  {model.countryNames.get(u.countryCode)} · {formatDate(locale, day(u.publishedAt))}
                  {u.withdrawn && <strong> · {t('status.withdrawn')}</strong>}
                  {u.sample && (
                    <>
                      {' · '}
                      <SampleBadge ctx={ctx} />
                    </>
                  )}
                </p>
                {u.snippet ? <p class="snippet" dangerouslySetInnerHTML={{ __html: u.snippet }} /> : <p>{u.summary}</p>}
              </li>
            ))}
          </ol>
          {pages > 1 && (
            <nav class="pager" aria-label={t('updates.pages')}>
              {model.page > 1 && <a href={`${base}${filterQuery(filter, { page: String(model.page - 1) })}`}>{t('updates.previous')}</a>}{' '}
              {t('updates.pageOf', { page: model.page, pages })}{' '}
              {model.page < pages && <a href={`${base}${filterQuery(filter, { page: String(model.page + 1) })}`}>{t('updates.next')}</a>}
            </nav>
          )}
          <p>
            <a href={`/updates/feed.atom${filterQuery({ country: filter.country, tag: filter.tag })}`} type="application/atom+xml">
              {t('updates.feed')}
            </a>
          </p>
        </div>
      </div>
    </Layout>
  )
}
