import type { ComponentChildren } from 'preact'
import type { AttachmentMediaType, PublicationContact } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { formatDate, languageInfo, type Locale } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { formatInstant } from '../../lib/time-zones.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { AttachmentInfo } from './attachments.queries.js'
import type { PublicationArticle, VersionSummary } from './public.queries.js'
import type { Withdrawal } from './publications.queries.js'

/**
 * One language version of a publication: the public page (/press/{slug}) and the press room's
 * (/press-room/{slug}) show the same article; the press room adds the embargo notice and its
 * own attachment and version addresses. UI text is in the reader's language, the publication's
 * text carries its own `lang`.
 */
export interface ArticleProps {
  ctx: PageContext
  article: PublicationArticle
  /** Shown first: the press room's embargo notice. */
  notice?: ComponentChildren
  versionPath: (version: VersionSummary) => string
  attachmentPath: (attachment: AttachmentInfo) => string
}

const MEDIA_LABEL: Record<AttachmentMediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/webp': 'WebP',
}

/** "1.2 MB", "340 kB" in the reader's number format. */
export function formatByteSize(locale: Locale, bytes: number): string {
  const [unit, value] =
    bytes >= 1_000_000
      ? (['megabyte', bytes / 1_000_000] as const)
      : bytes >= 1000
        ? (['kilobyte', bytes / 1000] as const)
        : (['byte', bytes] as const)
  return new Intl.NumberFormat(locale, {
    style: 'unit',
    unit,
    unitDisplay: 'short',
    maximumFractionDigits: unit === 'megabyte' ? 1 : 0,
  }).format(value)
}

/** A withdrawn publication keeps its page: this says so first, with the date and the reason. */
export function WithdrawnNotice({ ctx, withdrawn }: { ctx: PageContext; withdrawn: Withdrawal }) {
  return (
    <div class="notice withdrawn" role="note">
      <p>
        <strong>{ctx.t('publication.withdrawnOn', { date: formatDate(ctx.locale, isoDate(withdrawn.at)) })}</strong> {withdrawn.reason}
      </p>
    </div>
  )
}

/** The language version's own path in its own language: '/ru/press/{slug}'. */
export function versionHref(base: '/press' | '/press-room', version: Pick<VersionSummary, 'language' | 'slug'>): string {
  return href({ locale: version.language }, `${base}/${version.slug}`)
}

/** A link inside the article; in print its absolute address follows it (app.css). */
function SiteLink({
  ctx,
  path,
  children,
  ...rest
}: {
  ctx: PageContext
  path: string
  children: ComponentChildren
  hreflang?: string
  lang?: string
}) {
  return (
    <a href={path} data-print-url={ctx.publicUrl + path} {...rest}>
      {children}
    </a>
  )
}

export function PublicationArticleView({ ctx, article, notice, versionPath, attachmentPath }: ArticleProps) {
  const { t, locale } = ctx
  const { text } = article
  const dir = languageInfo(text.language).dir
  const others = article.versions.filter((v) => v.language !== text.language)
  return (
    <article class="publication" aria-labelledby="publication-title">
      {notice}
      <p class="publication-meta">
        <span class="publication-kind">{t(`publication.kind.${article.kind}`)}</span>
        {article.publishedAt && (
          <>
            {' · '}
            <time datetime={article.publishedAt.toISOString()}>
              {t('publication.publishedOn', { time: formatInstant(locale, article.publishedAt, article.embargoZone) })}
            </time>
          </>
        )}
        {text.language !== locale && (
          <>
            {' · '}
            <span class="publication-language">{t('press.inLanguage', { language: languageInfo(text.language).nativeName })}</span>
          </>
        )}
      </p>
      <h1 id="publication-title" lang={text.language} dir={dir}>
        {text.title}
      </h1>
      {others.length > 0 && (
        <p class="also-in">
          {t('publication.alsoIn')}{' '}
          {others.map((v, i) => (
            <>
              {i > 0 && ', '}
              <SiteLink ctx={ctx} path={versionPath(v)} hreflang={v.language} lang={v.language}>
                {languageInfo(v.language).nativeName}
              </SiteLink>
            </>
          ))}
        </p>
      )}
      {article.withdrawn && <WithdrawnNotice ctx={ctx} withdrawn={article.withdrawn} />}
      {article.corrections.map((c) => (
        <div class="notice correction" role="note">
          <p>
            <strong>{t('publication.correctedOn', { date: formatDate(locale, isoDate(c.correctedAt)) })}</strong> {c.note}
          </p>
        </div>
      ))}
      {text.summary && (
        <p class="lead" lang={text.language} dir={dir}>
          {text.summary}
        </p>
      )}
      <div class="prose" lang={text.language} dir={dir} dangerouslySetInnerHTML={{ __html: renderMarkdown(text.body) }} />
      {text.quotes.map((q) => (
        <figure class="publication-quote" lang={text.language} dir={dir}>
          <blockquote>
            <p>{q.text}</p>
          </blockquote>
          <figcaption>— {q.attribution}</figcaption>
        </figure>
      ))}
      <ArticleLinks ctx={ctx} article={article} attachmentPath={attachmentPath} />
      {text.contacts.length > 0 && (
        <section aria-labelledby="contacts-title">
          <h2 id="contacts-title">{t('publication.contacts')}</h2>
          <ul class="media-contacts" lang={text.language} dir={dir}>
            {text.contacts.map((c) => (
              <MediaContact contact={c} />
            ))}
          </ul>
        </section>
      )}
    </article>
  )
}

/**
 * A media contact: who (a name, a role, or neither: many releases give only a press office's
 * address), then the ways to reach them, of which there is at least one.
 */
function MediaContact({ contact: c }: { contact: PublicationContact }) {
  const who = c.name || c.role
  const reach = [
    c.email && <a href={`mailto:${c.email}`}>{c.email}</a>,
    c.phone && (
      <a href={`tel:${c.phone.replace(/[^0-9+]/g, '')}`} dir="ltr">
        {c.phone}
      </a>
    ),
  ].filter(Boolean)
  return (
    <li>
      {who && <strong>{who}</strong>}
      {c.name && c.role && `, ${c.role}`}
      {reach.map((link, i) => (
        <>
          {(who || i > 0) && ' · '}
          {link}
        </>
      ))}
    </li>
  )
}

/** Countries, rating decisions, updates and attachments: each section only when it has something. */
function ArticleLinks({ ctx, article, attachmentPath }: Pick<ArticleProps, 'ctx' | 'article' | 'attachmentPath'>) {
  const { t, locale } = ctx
  return (
    <>
      {article.countries.length > 0 && (
        <section aria-labelledby="countries-title">
          <h2 id="countries-title">{t('publication.countries')}</h2>
          <ul class="publication-countries">
            {article.countries.map((c) => (
              <li>
                <SiteLink ctx={ctx} path={href(ctx, `/countries/${c.slug}`)}>
                  {c.names[locale]}
                </SiteLink>
              </li>
            ))}
          </ul>
        </section>
      )}
      {(article.watchlistEdition || article.findingsYear !== null) && (
        <section aria-labelledby="related-title">
          <h2 id="related-title">{t('publication.related')}</h2>
          <ul>
            {article.watchlistEdition && (
              <li>
                <SiteLink ctx={ctx} path={href(ctx, `/watchlist/${article.watchlistEdition.id}`)}>
                  {t('publication.watchlistLink', { title: article.watchlistEdition.title })}
                </SiteLink>
              </li>
            )}
            {article.findingsYear !== null && (
              <li>
                <SiteLink ctx={ctx} path={href(ctx, `/findings/${article.findingsYear}`)}>
                  {t('publication.findingsLink', { year: article.findingsYear })}
                </SiteLink>
              </li>
            )}
          </ul>
        </section>
      )}
      {article.decisions.length > 0 && (
        <section aria-labelledby="decisions-title">
          <h2 id="decisions-title">{t('publication.decisions')}</h2>
          <ul>
            {article.decisions.map((d) => (
              <li>
                <SiteLink ctx={ctx} path={href(ctx, `/decisions/${d.id}`)}>
                  {t('publication.decisionLink', { country: d.countryNames[locale], date: formatDate(locale, isoDate(d.publishedAt)) })}
                </SiteLink>
              </li>
            ))}
          </ul>
        </section>
      )}
      {article.updates.length > 0 && (
        <section aria-labelledby="updates-title">
          <h2 id="updates-title">{t('publication.updates')}</h2>
          <ul>
            {article.updates.map((u) => (
              <li>
                <SiteLink ctx={ctx} path={href(ctx, `/updates/${u.id}`)} lang={u.language}>
                  {u.title}
                </SiteLink>
                {u.withdrawn && ` (${t('status.withdrawn')})`}
              </li>
            ))}
          </ul>
        </section>
      )}
      {article.attachments.length > 0 && (
        <section aria-labelledby="attachments-title">
          <h2 id="attachments-title">{t('publication.attachments')}</h2>
          <ul class="attachment-list">
            {article.attachments.map((a) => (
              <li>
                <SiteLink ctx={ctx} path={attachmentPath(a)}>
                  {a.fileName}
                </SiteLink>{' '}
                <span class="attachment-meta">
                  ({MEDIA_LABEL[a.mediaType]}, {formatByteSize(locale, a.byteSize)})
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  )
}
