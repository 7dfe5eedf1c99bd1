import type { Kysely } from 'kysely'
import type { DB } from '../../db/schema.js'
import { href, type PageContext } from '../../web/page-context.js'
import { publishedAbout, versionFor, type PublicationSummary } from './public.queries.js'

/** "Press releases": the published publications about a country or announcing a decision, each in the reader's language when it exists. */
export function RelatedPublications({ ctx, publications }: { ctx: PageContext; publications: PublicationSummary[] }) {
  const { t, locale } = ctx
  if (publications.length === 0) return null
  return (
    <section aria-labelledby="related-publications-title">
      <h2 id="related-publications-title">{t('publication.relatedTitle')}</h2>
      <ul>
        {publications.map((p) => {
          const version = versionFor(p.versions, locale)!
          return (
            <li>
              {t(`publication.kind.${p.kind}`)}:{' '}
              <a href={href({ locale: version.language }, `/press/${version.slug}`)} hreflang={version.language} lang={version.language}>
                {version.title}
              </a>
            </li>
          )
        })}
      </ul>
    </section>
  )
}

/** The box for a decision's public page (app.ts passes it to the decisions feature: decision 012). */
export async function decisionAnnouncements(db: Kysely<DB>, decisionId: number, ctx: PageContext) {
  return <RelatedPublications ctx={ctx} publications={await publishedAbout(db, { decisionId })} />
}
