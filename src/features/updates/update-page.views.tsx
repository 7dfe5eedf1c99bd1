import { formatDate, formatNumber, languageInfo } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { formatInstant } from '../../lib/time-zones.js'
import { Layout } from '../../web/layout.js'
import { TableScroll } from '../../web/table-scroll.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { PublicIncident, PublicUpdate } from './public-update.queries.js'
import { COUNTS } from './update-form.js'
import { SampleBadge } from './sample-badge.js'
import { termLabel, type Term } from './updates.queries.js'

export interface UpdatePageModel {
  update: PublicUpdate
  country: { name: string; slug: string }
  terms: Map<number, Term>
}

/** A published update: text, sources, incidents (public fields), tags, translations, corrections. */
export function UpdatePage({ ctx, model }: { ctx: PageContext; model: UpdatePageModel }) {
  const { t, locale } = ctx
  const { update, terms } = model
  const label = (id: number | null) => (id === null ? '' : termLabel(terms.get(id), locale))
  return (
    <Layout ctx={ctx} title={update.title} description={update.summary}>
      <article lang={update.language} dir={languageInfo(update.language).dir} class="update">
        <p class="meta">
          <a href={href(ctx, `/countries/${model.country.slug}`)}>{model.country.name}</a> ·{' '}
          {t('update.publishedOn', { date: formatDate(locale, update.publishedAt.toISOString().slice(0, 10)) })}
          {update.partner && <> · {t('update.byPartner', { partner: update.partner })}</>}
        </p>
        <h1>{update.title}</h1>
        {update.sample && (
          <div class="notice sample" role="note">
            <p>
              <SampleBadge ctx={ctx} /> {t('sample.notice')}
            </p>
          </div>
        )}
        {update.withdrawn && (
          <div class="notice withdrawn" role="note">
            <p>
              <strong>{t('update.withdrawnNotice')}</strong> {update.withdrawn.reason}
            </p>
          </div>
        )}
        {update.corrections.map((c) => (
          <div class="notice correction" role="note">
            <p>
              <strong>{t('update.correctionOn', { date: formatInstant(locale, c.correctedAt) })}</strong> {c.note}
            </p>
          </div>
        ))}
        <p class="lead">{update.summary}</p>
        <dl class="facts">
          {update.periodStart && (
            <>
              <dt>{t('update.period')}</dt>
              <dd>
                {formatDate(locale, update.periodStart)}
                {update.periodEnd && ` – ${formatDate(locale, update.periodEnd)}`}
              </dd>
            </>
          )}
          {update.freedoms.length > 0 && (
            <>
              <dt>{t('update.freedoms')}</dt>
              <dd>{update.freedoms.map((f) => t(`freedom.${f}`)).join(', ')}</dd>
            </>
          )}
          {update.tagIds.length > 0 && (
            <>
              <dt>{t('update.tags')}</dt>
              <dd>
                {update.tagIds.map((id, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={`${href(ctx, '/updates')}?tag=${encodeURIComponent(terms.get(id)?.key ?? '')}`}>{label(id)}</a>
                  </>
                ))}
              </dd>
            </>
          )}
          {update.translations.length > 0 && (
            <>
              <dt>{t('update.translations')}</dt>
              <dd>
                {update.translations.map((tr, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={href(ctx, `/updates/${tr.id}`)} hreflang={tr.language} lang={tr.language}>
                      {t(`language.${tr.language}`)}: {tr.title}
                    </a>
                  </>
                ))}
              </dd>
            </>
          )}
        </dl>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(update.body) }} />
        {update.incidents.length > 0 && <IncidentTable ctx={ctx} incidents={update.incidents} label={label} />}
        {update.sources.length > 0 && (
          <section aria-labelledby="sources-title">
            <h2 id="sources-title">{t('update.sources')}</h2>
            <ol class="sources">
              {update.sources.map((s) => (
                <li>
                  <a href={s.url} rel="nofollow noopener noreferrer">
                    {s.title}
                  </a>
                  {s.publisher && `, ${s.publisher}`}
                  {s.publishedOn && `, ${formatDate(locale, s.publishedOn)}`}
                </li>
              ))}
            </ol>
          </section>
        )}
      </article>
    </Layout>
  )
}

function IncidentTable({ ctx, incidents, label }: { ctx: PageContext; incidents: PublicIncident[]; label: (id: number | null) => string }) {
  const { t, locale } = ctx
  const when = (i: PublicIncident) =>
    i.precision === 'year'
      ? i.occurredOn.slice(0, 4)
      : i.precision === 'month'
        ? i.occurredOn.slice(0, 7)
        : formatDate(locale, i.occurredOn)
  return (
    <section>
      <h2 id="incidents-title">{t('update.incidents')}</h2>
      <TableScroll labelledBy="incidents-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('incident.date')}</th>
              <th scope="col">{t('incident.type')}</th>
              <th scope="col">{t('incident.freedom')}</th>
              <th scope="col">{t('incident.victim')}</th>
              <th scope="col">{t('incident.perpetrator')}</th>
              <th scope="col">{t('incident.locality')}</th>
              {COUNTS.map((c) => (
                <th scope="col">{t(`incident.${c}`)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {incidents.map((i) => (
              <tr>
                <td>{when(i)}</td>
                <td>{label(i.typeId)}</td>
                <td>{t(`freedom.${i.freedom}`)}</td>
                <td>{label(i.victimId)}</td>
                <td>{label(i.perpetratorId)}</td>
                <td>{i.locality ?? ''}</td>
                {COUNTS.map((c) => (
                  <td class="number">{i[c] === null ? '' : formatNumber(locale, i[c])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </section>
  )
}
