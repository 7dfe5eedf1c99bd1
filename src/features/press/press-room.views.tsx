import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { attachmentUrl } from '../publications/attachments.queries.js'
import { EmbargoNotice, embargoText } from '../publications/embargo.views.js'
import { PublicationArticleView, versionHref } from '../publications/publication-article.views.js'
import { type PublicationArticle, type PublicationSummary } from '../publications/public.queries.js'
import { PublicationItem } from '../publications/public.views.js'

/** The embargo notice of a scheduled publication; nothing for a published one. */
function NoticeFor({ ctx, p }: { ctx: PageContext; p: Pick<PublicationSummary, 'status' | 'embargoUntil' | 'embargoZone'> }) {
  return p.status === 'scheduled' && p.embargoUntil ? <EmbargoNotice ctx={ctx} until={p.embargoUntil} zone={p.embargoZone} /> : null
}

/** /press-room: embargoed releases (soonest first), then the latest published ones. Never indexed. */
export function PressRoomPage({
  ctx,
  publications,
  countryNames,
}: {
  ctx: PageContext
  publications: PublicationSummary[]
  countryNames: Map<string, string>
}) {
  const { t } = ctx
  const scheduled = publications.filter((p) => p.status === 'scheduled')
  const published = publications.filter((p) => p.status === 'published')
  const item = (p: PublicationSummary) => (
    <PublicationItem
      ctx={ctx}
      publication={p}
      countryNames={countryNames}
      path={(v) => href(ctx, `/press-room/${v.slug}`)}
      notice={<NoticeFor ctx={ctx} p={p} />}
    />
  )
  return (
    <Layout ctx={ctx} title={t('press.room.title')} noindex>
      <h1>{t('press.room.title')}</h1>
      <p class="lead">{t('press.room.lead')}</p>
      <h2>{t('press.room.embargoed')}</h2>
      {scheduled.length === 0 ? <p>{t('press.room.noneEmbargoed')}</p> : <ol class="publication-list">{scheduled.map(item)}</ol>}
      <h2>{t('press.room.published')}</h2>
      {published.length === 0 ? <p>{t('press.none')}</p> : <ol class="publication-list">{published.map(item)}</ol>}
      <p>
        <a href={href(ctx, '/press')}>{t('press.title')}</a>
      </p>
    </Layout>
  )
}

/** /press-room/{slug}: the release with its embargo notice first (and in the title), press-room attachments, a download. */
export function PressReleasePage({ ctx, article }: { ctx: PageContext; article: PublicationArticle }) {
  const { t } = ctx
  const embargoed = article.status === 'scheduled' && article.embargoUntil
  const title = embargoed ? `${embargoText(ctx, article.embargoUntil!, article.embargoZone)}: ${article.text.title}` : article.text.title
  return (
    <Layout ctx={ctx} title={title} description={article.text.summary || undefined} noindex>
      <p class="breadcrumb">
        <a href={href(ctx, '/press-room')}>{t('press.room.title')}</a>
      </p>
      <PublicationArticleView
        ctx={ctx}
        article={article}
        notice={<NoticeFor ctx={ctx} p={article} />}
        versionPath={(v) => versionHref('/press-room', v)}
        attachmentPath={(a) => attachmentUrl('press', a)}
      />
      <p class="press-download">
        <a href={`${href(ctx, `/press-room/${article.text.slug}`)}.md`} download={`${article.text.slug}.md`} type="text/markdown">
          {t('press.room.download')}
        </a>
      </p>
    </Layout>
  )
}
