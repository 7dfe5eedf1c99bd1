import { sql, type Transaction } from 'kysely'
import type { DB } from '../../db/schema.js'
import { LOCALES, localePrefix, translator } from '../../lib/i18n.js'

/**
 * The e-mails a publication sends to its subscribers, enqueued in the outbox by ONE
 * `INSERT ... SELECT`: the matching (confirmed; kinds empty or containing the publication's kind;
 * countries empty or overlapping the publication's) and the choice of language version happen in
 * SQL, so no subscriber list is loaded into memory. Call it in the transaction that publishes the
 * publication, after its status has become 'published': the e-mails then exist exactly when the
 * publication does, and a rolled-back publication sends nothing. Returns how many were enqueued
 * (0 when the publication is not published: nothing embargoed or withdrawn is ever mailed). Each
 * e-mail names its publication: editors follow the mailing, a withdrawal cancels what is left.
 *
 * Each e-mail is in the subscriber's language when the publication has a text in it, otherwise
 * in the publication's first text (lowest id). Subject: the title. Body: the summary, the link to
 * the text's page, and the subscriber's manage/unsubscribe link, framed in the subscriber's language.
 */
export async function notifySubscribers(trx: Transaction<DB>, publicationId: number, publicUrl: string): Promise<number> {
  // Per UI language: the framing lines (subscriber's language) and the path prefix (either language).
  const framing = sql.join(
    LOCALES.map((locale) => {
      const t = translator(locale)
      const lines = [t('subscription.mail.readMore'), t('subscription.mail.why'), t('subscription.mail.manageLink')]
      return sql`(${locale}::text, ${lines[0]}::text, ${lines[1]}::text, ${lines[2]}::text, ${localePrefix(locale)}::text)`
    }),
  )
  const base = publicUrl.replace(/\/+$/, '')
  const result = await sql`
    with framing (language, read_more, why, manage, prefix) as (values ${framing}),
    publication_country_codes as (
      select coalesce(array_agg(country_code::text), '{}') as codes from publication_countries where publication_id = ${publicationId}
    )
    insert into outbox (recipient, subject, body, headers, publication_id)
    select
      s.email,
      t.title,
      case when t.summary = '' then '' else t.summary || E'\n\n' end
        || f.read_more || E'\n' || ${base}::text || ft.prefix || '/press/' || t.slug
        || E'\n\n-- \n' || f.why || E'\n' || f.manage || E'\n'
        || ${base}::text || f.prefix || '/subscriptions/' || s.token,
      -- Mail programs offer their own unsubscribe button, one click (RFC 2369, RFC 8058).
      jsonb_build_object(
        'List-Unsubscribe', '<' || ${base}::text || '/subscriptions/' || s.token || '/unsubscribe>',
        'List-Unsubscribe-Post', 'List-Unsubscribe=One-Click'
      ),
      p.id
    from publications p
    cross join publication_country_codes c
    join subscriptions s
      on s.confirmed_at is not null
      and (cardinality(s.kinds) = 0 or p.kind = any(s.kinds))
      and (cardinality(s.countries) = 0 or s.countries && c.codes)
    join framing f on f.language = s.language
    join lateral (
      select pt.language, pt.slug, pt.title, pt.summary
      from publication_texts pt
      where pt.publication_id = p.id
      order by (pt.language = s.language) desc, pt.id
      limit 1
    ) t on true
    join framing ft on ft.language = t.language
    where p.id = ${publicationId} and p.status = 'published'
    order by s.id`.execute(trx)
  return Number(result.numAffectedRows ?? 0)
}
