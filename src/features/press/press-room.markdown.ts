import { formatInstant } from '../../lib/time-zones.js'
import type { PageContext } from '../../web/page-context.js'
import { attachmentUrl } from '../publications/attachments.queries.js'
import { embargoText } from '../publications/embargo.views.js'
import { formatByteSize } from '../publications/publication-article.views.js'
import type { PublicationArticle } from '../publications/public.queries.js'

/**
 * A release as a Markdown file for a journalist's desk. The first line says when it may be
 * used: the embargo (in the reader's language and the publication's zone) or when it was published.
 */
export function releaseMarkdown(ctx: Pick<PageContext, 't' | 'locale' | 'publicUrl'>, a: PublicationArticle): string {
  const { t, locale } = ctx
  const first =
    a.status === 'scheduled' && a.embargoUntil
      ? embargoText(ctx, a.embargoUntil, a.embargoZone)
      : t('publication.publishedOn', { time: formatInstant(locale, a.publishedAt ?? a.embargoUntil ?? new Date(0), a.embargoZone) })
  const section = (title: string, lines: string[]) => (lines.length > 0 ? [`## ${title}`, '', ...lines, ''] : [])
  return [
    first,
    '',
    `# ${a.text.title}`,
    '',
    `*${t(`publication.kind.${a.kind}`)}*`,
    '',
    ...(a.text.summary ? [a.text.summary, ''] : []),
    a.text.body.trim(),
    '',
    ...a.text.quotes.flatMap((q) => [`> ${q.text}`, '>', `> — ${q.attribution}`, '']),
    ...section(
      t('publication.contacts'),
      a.text.contacts.map((c) => `- ${[c.name, c.role, c.email, c.phone].filter(Boolean).join(', ')}`),
    ),
    ...section(
      t('publication.countries'),
      a.countries.map((c) => `- ${c.names[locale]}`),
    ),
    ...section(
      t('publication.attachments'),
      a.attachments.map((f) => `- ${f.fileName} (${formatByteSize(locale, f.byteSize)}): ${ctx.publicUrl}${attachmentUrl('press', f)}`),
    ),
    ...section(
      t('publication.corrections'),
      a.corrections.map((c) => `- ${formatInstant(locale, c.correctedAt, a.embargoZone)}: ${c.note}`),
    ),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
}
