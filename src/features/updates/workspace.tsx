import { TableScroll } from '../../web/table-scroll.js'
import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import type { UpdateStatus } from '../../db/schema.js'
import { can, type CurrentUser } from '../../lib/policies.js'
import { formatInstant } from '../../lib/time-zones.js'
import { Layout, sendPrivatePage } from '../../web/layout.js'
import { FilterSelect, InlineForm } from '../../web/inline-form.js'
import { href, pageContext, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { listCountries } from '../countries/countries.queries.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

/**
 * The writers' and editors' workspace: the updates they can act on, filtered by country,
 * status, partner and language, with counts per status. Researchers see their countries only.
 */
const STATUSES: UpdateStatus[] = ['draft', 'submitted', 'changes_requested', 'approved', 'scheduled', 'published', 'withdrawn']
const Query = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  status: Type.Optional(Type.Union(STATUSES.map((s) => Type.Literal(s)))),
  partner: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}$' })),
  language: Type.Optional(Type.Union(CONTENT_LANGUAGES.map((l) => Type.Literal(l)))),
})
type Query = Static<typeof Query>

interface Row {
  id: number
  title: string
  country_code: string
  language: string
  status: UpdateStatus
  updated_at: Date
  publish_at: Date | null
  author: string
  partner: string | null
}

export function registerWorkspace(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/workspace')) {
    app.get<{ Querystring: Query }>(
      url,
      { config: { policy: 'update:write' }, schema: { hide: true, querystring: Query } },
      async (request, reply) => {
        const user = request.user!
        const filter = request.query
        const visible = () => {
          let q = deps.db
            .selectFrom('updates')
            .innerJoin('users', 'users.id', 'updates.author_id')
            .leftJoin('organisations', 'organisations.id', 'updates.organisation_id')
          if (!can(user, 'update:review')) q = q.where('updates.country_code', 'in', [...user.countries, '---'])
          if (filter.country) q = q.where('updates.country_code', '=', filter.country)
          if (filter.partner) q = q.where('updates.organisation_id', '=', Number(filter.partner))
          if (filter.language) q = q.where('updates.language', '=', filter.language)
          return q
        }
        let list = visible().select([
          'updates.id',
          'updates.title',
          'updates.country_code',
          'updates.language',
          'updates.status',
          'updates.updated_at',
          'updates.publish_at',
          'users.display_name as author',
          'organisations.name as partner',
        ])
        list = filter.status
          ? list.where('updates.status', '=', filter.status)
          : list.where('updates.status', 'not in', ['published', 'withdrawn'])
        const [rows, counts, countries, partners] = await Promise.all([
          list.orderBy('updates.updated_at', 'desc').limit(200).execute(),
          visible()
            .select(['updates.status', sql<number>`count(*)::int`.as('n')])
            .groupBy('updates.status')
            .execute(),
          listCountries(deps.db),
          deps.db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute(),
        ])
        const names = new Map(countries.map((c) => [c.code, c.names[locale]]))
        const ctx = pageContext(locale, '/workspace', deps.assets, deps.config.publicUrl)
        const countryOptions = countries
          .filter((c) => can(user, 'update:write', { countryCode: c.code }))
          .map((c) => ({ value: c.code, label: c.names[locale] }))
          .sort((a, b) => a.label.localeCompare(b.label, locale))
        return sendPrivatePage(
          reply,
          200,
          h(WorkspacePage, {
            ctx,
            user,
            filter,
            rows,
            names,
            counts: new Map(counts.map((c) => [c.status, c.n])),
            countryOptions,
            partners: partners.map((p) => ({ value: String(p.id), label: p.name })),
          }),
        )
      },
    )
  }
}

function WorkspacePage(props: {
  ctx: PageContext
  user: CurrentUser
  filter: Query
  rows: Row[]
  names: Map<string, string>
  counts: Map<UpdateStatus, number>
  countryOptions: { value: string; label: string }[]
  partners: { value: string; label: string }[]
}) {
  const { ctx, filter } = props
  const { t, locale } = ctx
  const base = href(ctx, '/workspace')
  const select = (id: keyof Query, label: string, options: { value: string; label: string }[]) => (
    <FilterSelect id={id} label={label} options={options} value={filter[id]} empty={t('workspace.any')} />
  )
  return (
    <Layout ctx={ctx} title={t('workspace.title')}>
      <h1 id="workspace-title">{t('workspace.title')}</h1>
      <p>
        <a href={href(ctx, '/updates/new')}>{t('update.newTitle')}</a>
      </p>
      <ul class="status-counts">
        {STATUSES.map((status) => (
          <li>
            <a href={`${base}?status=${status}`} aria-current={filter.status === status ? 'true' : undefined}>
              {t(`status.${status}`)}
            </a>{' '}
            ({props.counts.get(status) ?? 0})
          </li>
        ))}
      </ul>
      <InlineForm action={base} submit={t('workspace.filter')}>
        {select('country', t('update.country'), props.countryOptions)}
        {select(
          'status',
          t('workflow.status'),
          STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) })),
        )}
        {select('partner', t('updates.partner'), props.partners)}
        {select(
          'language',
          t('updates.languageFacet'),
          CONTENT_LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) })),
        )}
      </InlineForm>
      {props.rows.length === 0 ? (
        <p>{t('workspace.none')}</p>
      ) : (
        <TableScroll labelledBy="workspace-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('update.title')}</th>
                <th scope="col">{t('update.country')}</th>
                <th scope="col">{t('workflow.status')}</th>
                <th scope="col">{t('workflow.author')}</th>
                <th scope="col">{t('workspace.changed')}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td lang={r.language}>
                    <a href={href(ctx, `/updates/${r.id}/edit`)}>{r.title}</a>
                  </td>
                  <td>{props.names.get(r.country_code)}</td>
                  <td>
                    {t(`status.${r.status}`)}
                    {r.publish_at && r.status === 'scheduled' && <> · {formatInstant(locale, r.publish_at)}</>}
                  </td>
                  <td>
                    {r.author}
                    {r.partner && ` (${r.partner})`}
                  </td>
                  <td>{formatInstant(locale, r.updated_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}
