import { renderMarkdown } from '../../lib/markdown.js'

/** An Atom 1.0 document (RFC 4287) of published updates. Every text is escaped; content is sanitized HTML. */
export interface FeedEntry {
  id: number
  title: string
  summary: string
  body: string
  publishedAt: Date
  updatedAt: Date
  withdrawn: boolean
  sample: boolean
  partner: string | null
  categories: string[]
}

const escape = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

export function atomFeed(options: { base: string; selfPath: string; title: string; entries: FeedEntry[]; now: Date }): string {
  const { base, entries } = options
  const updated = entries.reduce((latest, e) => (e.updatedAt > latest ? e.updatedAt : latest), new Date(0))
  const items = entries.map((e) => {
    const url = `${base}/updates/${e.id}`
    return [
      '<entry>',
      `<id>${escape(url)}</id>`,
      `<title>${escape(`${e.sample ? '[Sample] ' : ''}${e.withdrawn ? '[Withdrawn] ' : ''}${e.title}`)}</title>`,
      `<link rel="alternate" type="text/html" href="${escape(url)}"/>`,
      `<published>${e.publishedAt.toISOString()}</published>`,
      `<updated>${e.updatedAt.toISOString()}</updated>`,
      `<author><name>${escape(e.partner ?? 'Civic Monitor')}</name></author>`,
      ...e.categories.map((c) => `<category term="${escape(c)}"/>`),
      `<summary>${escape(e.summary)}</summary>`,
      `<content type="html">${escape(renderMarkdown(e.body))}</content>`,
      '</entry>',
    ].join('')
  })
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${escape(base + options.selfPath)}</id>`,
    `<title>${escape(options.title)}</title>`,
    `<link rel="self" type="application/atom+xml" href="${escape(base + options.selfPath)}"/>`,
    `<link rel="alternate" type="text/html" href="${escape(`${base}/updates`)}"/>`,
    `<updated>${(entries.length > 0 ? updated : options.now).toISOString()}</updated>`,
    ...items,
    '</feed>',
    '',
  ].join('\n')
}
