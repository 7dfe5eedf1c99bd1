import { TableScroll } from '../../web/table-scroll.js'
import { FilterInput, FilterSelect, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { AuditEntry, AuditFilter } from './audit.queries.js'

/** The audit log for administrators: who did what, when, from where, before and after. */
export function AuditPage(props: {
  ctx: PageContext
  filter: AuditFilter
  entries: AuditEntry[]
  nextBefore: number | null
  facets: { subjects: string[]; actions: string[] }
}) {
  const { ctx, filter, entries, facets } = props
  const { t } = ctx
  const query = (extra: Record<string, string | number | undefined>) =>
    new URLSearchParams(
      Object.entries({ ...filter, before: undefined, ...extra })
        .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
        .map(([k, v]) => [k, String(v)]),
    ).toString()
  return (
    <Layout ctx={ctx} title={t('audit.title')}>
      <h1 id="audit-title">{t('audit.title')}</h1>
      <p class="lead">{t('audit.lead')}</p>
      <InlineForm action={href(ctx, '/admin/audit')} submit={t('audit.filter')}>
        <FilterInput id="actor" label={t('audit.actor')} value={filter.actor} maxLength={200} />
        {(['subject', 'action'] as const).map((key) => (
          <FilterSelect
            id={key}
            label={t(`audit.${key}`)}
            options={facets[`${key}s`].map((value) => ({ value, label: value }))}
            value={filter[key]}
            empty={t('audit.any')}
          />
        ))}
        <FilterInput id="from" type="date" label={t('audit.from')} value={filter.from} />
        <FilterInput id="to" type="date" label={t('audit.to')} value={filter.to} />
      </InlineForm>
      {entries.length === 0 ? (
        <p>{t('audit.none')}</p>
      ) : (
        <TableScroll labelledBy="audit-title">
          <table class="audit">
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.ip')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.subject')}</th>
                <th scope="col">{t('audit.change')}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr>
                  <td>
                    <time dateTime={e.at.toISOString()}>{e.at.toISOString().replace('T', ' ').slice(0, 19)} UTC</time>
                  </td>
                  <td>{e.actor}</td>
                  <td>{e.ip ?? ''}</td>
                  <td>{e.action}</td>
                  <td>
                    {e.subject} {e.subjectKey && <code>{e.subjectKey}</code>}
                  </td>
                  <td>
                    <ChangeSummary before={e.before} after={e.after} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {props.nextBefore !== null && (
        <p>
          <a href={`${href(ctx, '/admin/audit')}?${query({ before: props.nextBefore })}`}>{t('audit.older')}</a>
        </p>
      )}
    </Layout>
  )
}

/** Changed fields only: "population: 1000 → 2000". */
function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>
  const a = (after ?? {}) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]) && !['created_at', 'updated_at'].includes(k),
  )
  if (keys.length === 0) return null
  const show = (v: unknown) => (v === undefined ? '–' : typeof v === 'string' ? v : JSON.stringify(v))
  return (
    <ul class="changes">
      {keys.slice(0, 12).map((k) => (
        <li>
          <code>{k}</code>: {before ? `${show(b[k])} → ` : ''}
          {show(a[k])}
        </li>
      ))}
    </ul>
  )
}
