import type { ComponentChildren } from 'preact'
import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { isoDate } from '../../lib/dates.js'
import { formatDate, languageInfo } from '../../lib/i18n.js'
import { FilterSelect, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { attachmentUrl } from './attachments.queries.js'
import { PublicationArticleView, versionHref } from './publication-article.views.js'
import { versionFor, type PublicationArticle, type PublicationFilter, type PublicationSummary } from './public.queries.js'

export interface PressListModel {
  filter: Pick<PublicationFilter, 'kind' | 'country'>
  publications: PublicationSummary[]
  total: number
  page: number
  pageSize: number
  /** The countries published publications concern, for the filter: code → name in the reader's language. */
  countryOptions: { code: string; name: string }[]
  countryNames: Map<string, string>
}

/** The query string of the list's filter and page. */
export function pressQuery(filter: PressListModel['filter'], page = 1): string {
  const params = new URLSearchParams()
  if (filter.kind) params.set('kind', filter.kind)
  if (filter.country) params.set('country', filter.country)
  if (page > 1) params.set('page', String(page))
  const text = params.toString()
  return text ? `?${text}` : ''
}

/** /press: published publications, newest first, each in the reader's language when it exists. */
export function PressListPage({ ctx, model }: { ctx: PageContext; model: PressListModel }) {
  const { t } = ctx
  const base = href(ctx, '/press')
  const pages = Math.max(1, Math.ceil(model.total / model.pageSize))
  return (
    <Layout ctx={ctx} title={t('press.title')} description={t('press.lead')} section="press">
      <h1>{t('press.title')}</h1>
      <p class="lead">{t('press.lead')}</p>
      <ul class="press-links">
        <li>
          <a href="/press/feed.xml" type="application/atom+xml">
            {t('press.feed')}
          </a>
        </li>
        <li>
          <a href={href(ctx, '/press/subscribe')}>{t('press.subscribe')}</a>
        </li>
        <li>
          <a href={href(ctx, '/press/accreditation')}>{t('press.accreditation')}</a>
        </li>
      </ul>
      <InlineForm action={base} submit={t('press.filterSubmit')}>
        <FilterSelect
          id="kind"
          label={t('press.filterKind')}
          options={PUBLICATION_KINDS.map((kind) => ({ value: kind, label: t(`publication.kind.${kind}`) }))}
          value={model.filter.kind}
          empty={t('press.anyKind')}
        />
        <FilterSelect
          id="country"
          label={t('press.filterCountry')}
          options={model.countryOptions.map((c) => ({ value: c.code, label: c.name }))}
          value={model.filter.country}
          empty={t('press.anyCountry')}
        />
      </InlineForm>
      <p role="status">{t('press.count', { count: model.total })}</p>
      {model.publications.length === 0 ? (
        <p>{t('press.none')}</p>
      ) : (
        <ol class="publication-list">
          {model.publications.map((p) => (
            <PublicationItem ctx={ctx} publication={p} countryNames={model.countryNames} path={(v) => href(ctx, `/press/${v.slug}`)} />
          ))}
        </ol>
      )}
      {pages > 1 && (
        <nav class="pager" aria-label={t('updates.pages')}>
          {model.page > 1 && <a href={`${base}${pressQuery(model.filter, model.page - 1)}`}>{t('updates.previous')}</a>}{' '}
          {t('updates.pageOf', { page: model.page, pages })}{' '}
          {model.page < pages && <a href={`${base}${pressQuery(model.filter, model.page + 1)}`}>{t('updates.next')}</a>}
        </nav>
      )}
    </Layout>
  )
}

/** One publication in a list: its version in the reader's language, or the original marked with its language. */
export function PublicationItem(props: {
  ctx: PageContext
  publication: PublicationSummary
  countryNames: Map<string, string>
  path: (version: { language: PublicationSummary['versions'][number]['language']; slug: string }) => string
  /** Shown before the title (the press room's embargo notice). */
  notice?: ComponentChildren
}) {
  const { ctx, publication: p } = props
  const { t, locale } = ctx
  const version = versionFor(p.versions, locale)
  if (!version) return null
  const { dir } = languageInfo(version.language)
  return (
    <li>
      {props.notice}
      <p class="publication-meta">
        <span class="publication-kind">{t(`publication.kind.${p.kind}`)}</span>
        {p.publishedAt && (
          <>
            {' · '}
            <time datetime={p.publishedAt.toISOString()}>{formatDate(locale, isoDate(p.publishedAt))}</time>
          </>
        )}
        {p.withdrawn && <strong> · {t('publication.status.withdrawn')}</strong>}
        {version.language !== locale && (
          <>
            {' · '}
            <span class="publication-language">{t('press.inLanguage', { language: languageInfo(version.language).nativeName })}</span>
          </>
        )}
      </p>
      <h2 lang={version.language} dir={dir}>
        <a href={props.path(version)} hreflang={version.language}>
          {version.title}
        </a>
      </h2>
      {version.summary && (
        <p lang={version.language} dir={dir}>
          {version.summary}
        </p>
      )}
      {p.countries.length > 0 && (
        <p class="publication-meta">
          {t('publication.countries')}: {p.countries.map((code) => props.countryNames.get(code) ?? code).join(', ')}
        </p>
      )}
    </li>
  )
}

/** /press/{slug}: one published language version, with Open Graph details and its versions as hreflang alternates. */
export function PublicationPage({ ctx, article }: { ctx: PageContext; article: PublicationArticle }) {
  const absolute = (v: { language: PublicationArticle['text']['language']; slug: string }) => ctx.publicUrl + versionHref('/press', v)
  const { text } = article
  return (
    <Layout
      ctx={ctx}
      title={text.title}
      description={text.summary || undefined}
      section="press"
      alternates={[
        ...article.versions.map((v) => ({ hreflang: v.language, href: absolute(v) })),
        { hreflang: 'x-default', href: absolute(article.versions[0] ?? text) },
      ]}
      article={{ url: absolute(text), locale: text.language, publishedTime: article.publishedAt?.toISOString() }}
    >
      <p class="breadcrumb">
        <a href={href(ctx, '/press')}>{ctx.t('press.title')}</a>
      </p>
      <PublicationArticleView
        ctx={ctx}
        article={article}
        versionPath={(v) => versionHref('/press', v)}
        attachmentPath={(a) => attachmentUrl('public', a)}
      />
    </Layout>
  )
}
