/**
 * Atom 1.0 documents (RFC 4287) for any public list: the caller gives absolute URLs and texts,
 * this escapes every one of them. `contentHtml` must already be safe HTML (lib/markdown.ts).
 */
export interface AtomEntry {
  /** A permanent, absolute IRI: the entry's page. */
  id: string
  url: string
  title: string
  /** The entry's language (xml:lang and the link's hreflang). */
  language?: string
  published: Date
  updated: Date
  author: string
  categories?: string[]
  /** Other language versions of the same entry. */
  alternates?: { language: string; url: string }[]
  summary: string
  contentHtml: string
}

export interface AtomFeed {
  /** Absolute URL of the feed itself (also its id). */
  selfUrl: string
  /** Absolute URL of the HTML page the feed follows. */
  pageUrl: string
  title: string
  entries: AtomEntry[]
  /** The feed's <updated> when it has no entries. */
  now: Date
}

export const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')

function entryXml(e: AtomEntry): string {
  const lang = e.language ? ` xml:lang="${escapeXml(e.language)}"` : ''
  const hreflang = e.language ? ` hreflang="${escapeXml(e.language)}"` : ''
  return [
    `<entry${lang}>`,
    `<id>${escapeXml(e.id)}</id>`,
    `<title>${escapeXml(e.title)}</title>`,
    `<link rel="alternate" type="text/html"${hreflang} href="${escapeXml(e.url)}"/>`,
    ...(e.alternates ?? []).map(
      (a) => `<link rel="alternate" type="text/html" hreflang="${escapeXml(a.language)}" href="${escapeXml(a.url)}"/>`,
    ),
    `<published>${e.published.toISOString()}</published>`,
    `<updated>${e.updated.toISOString()}</updated>`,
    `<author><name>${escapeXml(e.author)}</name></author>`,
    ...(e.categories ?? []).map((c) => `<category term="${escapeXml(c)}"/>`),
    `<summary>${escapeXml(e.summary)}</summary>`,
    `<content type="html">${escapeXml(e.contentHtml)}</content>`,
    '</entry>',
  ].join('')
}

export function atomDocument(feed: AtomFeed): string {
  const updated = feed.entries.reduce((latest, e) => (e.updated > latest ? e.updated : latest), new Date(0))
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>${escapeXml(feed.selfUrl)}</id>`,
    `<title>${escapeXml(feed.title)}</title>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(feed.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(feed.pageUrl)}"/>`,
    `<updated>${(feed.entries.length > 0 ? updated : feed.now).toISOString()}</updated>`,
    ...feed.entries.map(entryXml),
    '</feed>',
    '',
  ].join('\n')
}
