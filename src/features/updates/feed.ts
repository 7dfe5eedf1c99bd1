import { renderMarkdown } from '../../lib/markdown.js'
import { atomDocument } from '../../web/atom.js'

/** The Atom feed of published updates (global, per country, per tag): web/atom.ts with the updates' entries. */
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

export function atomFeed(options: { base: string; selfPath: string; title: string; entries: FeedEntry[]; now: Date }): string {
  const { base } = options
  return atomDocument({
    selfUrl: base + options.selfPath,
    pageUrl: `${base}/updates`,
    title: options.title,
    now: options.now,
    entries: options.entries.map((e) => ({
      id: `${base}/updates/${e.id}`,
      url: `${base}/updates/${e.id}`,
      title: `${e.sample ? '[Sample] ' : ''}${e.withdrawn ? '[Withdrawn] ' : ''}${e.title}`,
      published: e.publishedAt,
      updated: e.updatedAt,
      author: e.partner ?? 'Civic Monitor',
      categories: e.categories,
      summary: e.summary,
      contentHtml: renderMarkdown(e.body),
    })),
  })
}
