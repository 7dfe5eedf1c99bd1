import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { isoDate } from '../../lib/dates.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { atomDocument, type AtomEntry } from '../../web/atom.js'
import { versionHref } from './publication-article.views.js'

const LIMIT = 50

/**
 * /press/feed.xml: the latest published publications, one entry per language version (with its
 * xml:lang and the other versions as hreflang alternates). Published ones only, and withdrawn
 * ones: their entry says so in its title and summary, updated at the withdrawal, so readers who
 * picked up the publication learn it was withdrawn.
 */
export async function publicationsFeed(db: Kysely<DB>, base: string, now: Date): Promise<string> {
  const publications = await db
    .selectFrom('publications')
    .select(['id', 'kind', 'published_at', 'updated_at', 'withdrawn_at', 'withdrawn_reason'])
    .where('status', 'in', ['published', 'withdrawn'])
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(LIMIT)
    .execute()
  const texts =
    publications.length === 0
      ? []
      : await db
          .selectFrom('publication_texts')
          .select(['publication_id', 'language', 'slug', 'title', 'summary', 'body'])
          .where(
            'publication_id',
            'in',
            publications.map((p) => p.id),
          )
          .orderBy('id')
          .execute()
  const entries: AtomEntry[] = publications.flatMap((p) => {
    const versions = texts.filter((x) => x.publication_id === p.id)
    const published = p.published_at!
    return versions.map((v) => {
      const url = base + versionHref('/press', v)
      return {
        id: url,
        url,
        title: p.withdrawn_at ? `[Withdrawn] ${v.title}` : v.title,
        language: v.language,
        published,
        updated: p.updated_at > published ? p.updated_at : published,
        author: 'Civic Monitor',
        categories: [p.kind],
        alternates: versions.filter((o) => o !== v).map((o) => ({ language: o.language, url: base + versionHref('/press', o) })),
        summary: p.withdrawn_at ? `Withdrawn on ${isoDate(p.withdrawn_at)}: ${p.withdrawn_reason ?? ''}\n\n${v.summary}`.trim() : v.summary,
        contentHtml: renderMarkdown(v.body),
      }
    })
  })
  return atomDocument({ selfUrl: `${base}/press/feed.xml`, pageUrl: `${base}/press`, title: 'Civic Monitor: publications', entries, now })
}
