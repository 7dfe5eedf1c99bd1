import { Type } from '@sinclair/typebox'
import { diffLines } from 'diff'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { forbidden, notFound } from '../../lib/errors.js'
import { formatInstant } from '../../lib/time-zones.js'
import { FilterSelect, InlineForm } from '../../web/inline-form.js'
import { Layout, sendPrivatePage } from '../../web/layout.js'
import { href, pageContext, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import type { UpdateDraft } from './update-form.js'
import { COUNTS } from './update-form.js'
import { listRevisions, listTerms, loadUpdate, termLabel, type RevisionRow, type Term } from './updates.queries.js'
import { mayView } from './workflow.js'

/** Every saved revision of an update, and a readable difference between any two (staff only). */
export function registerUpdateHistory(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale } of localizedRoutes('/updates/new')) {
    const base = href({ locale }, '/updates')
    app.get<{ Params: { id: string }; Querystring: { from?: string; to?: string } }>(
      `${base}/:id/history`,
      {
        config: { policy: 'update:write' },
        schema: {
          hide: true,
          params: Type.Object({ id: Type.String({ pattern: '^[0-9]{1,15}$' }) }),
          querystring: Type.Object({
            from: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })),
            to: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,8}$' })),
          }),
        },
      },
      async (request, reply) => {
        const update = await loadUpdate(deps.db, Number(request.params.id))
        if (!update) throw notFound('update')
        if (!mayView(request.user!, update)) throw forbidden()
        const [revisions, terms] = await Promise.all([listRevisions(deps.db, update.id), listTerms(deps.db)])
        const to = revisions.find((r) => r.number === (request.query.to ? Number(request.query.to) : revisions[0]!.number)) ?? revisions[0]!
        const from = revisions.find((r) => r.number === (request.query.from ? Number(request.query.from) : to.number - 1)) ?? null
        const ctx = pageContext(locale, `/updates/${update.id}/history`, deps.assets, deps.config.publicUrl)
        return sendPrivatePage(reply, 200, h(HistoryPage, { ctx, id: update.id, revisions, from, to, terms }))
      },
    )
  }
}

/** An update as lines of text, so two revisions compare line by line. */
export function revisionText(draft: UpdateDraft, terms: Term[]): string {
  const label = (id: number | null) =>
    id === null
      ? ''
      : termLabel(
          terms.find((t) => t.id === id),
          'en',
        )
  const lines = [
    `Title: ${draft.title}`,
    `Language: ${draft.language} · Country: ${draft.countryCode}`,
    `Period: ${draft.periodStart ?? ''} – ${draft.periodEnd ?? ''}`,
    `Freedoms: ${draft.freedoms.join(', ')}`,
    `Tags: ${draft.tagIds.map(label).join(', ')}`,
    `Summary: ${draft.summary}`,
    '',
    ...draft.body.split('\n'),
    '',
    ...draft.sources.map((s, i) => `Source ${i + 1}: ${s.url} · ${s.title} · ${s.publisher ?? ''} · ${s.publishedOn ?? ''}`),
    ...draft.incidents.map(
      (x, i) =>
        `Incident ${i + 1}: ${x.occurredOn} (${x.precision}) · ${x.freedom} · ${label(x.typeId)} · ${label(x.victimId)} · ${label(x.perpetratorId)} · ${x.locality ?? ''} ${x.latitude ?? ''} ${x.longitude ?? ''} · ${COUNTS.map((c) => `${c} ${x.counts[c] ?? '-'}`).join(', ')} · ${x.sensitivity}${x.restrictedNotes ? ` · notes: ${x.restrictedNotes}` : ''}`,
    ),
  ]
  return `${lines.join('\n')}\n`
}

function HistoryPage(props: {
  ctx: PageContext
  id: number
  revisions: RevisionRow[]
  from: RevisionRow | null
  to: RevisionRow
  terms: Term[]
}) {
  const { ctx, revisions, from, to } = props
  const { t, locale } = ctx
  const parts = diffLines(from ? revisionText(from.snapshot, props.terms) : '', revisionText(to.snapshot, props.terms))
  const title = t('history.title', { id: props.id })
  return (
    <Layout ctx={ctx} title={title}>
      <p>
        <a href={href(ctx, `/updates/${props.id}/edit`)}>{t('update.editTitle', { id: props.id })}</a>
      </p>
      <h1>{title}</h1>
      <InlineForm submit={t('history.compare')}>
        {(['from', 'to'] as const).map((id) => (
          <FilterSelect
            id={id}
            label={t(`history.${id}`)}
            options={revisions.map((r) => ({ value: String(r.number), label: String(r.number) }))}
            value={(id === 'from' ? from : to)?.number.toString()}
          />
        ))}
      </InlineForm>
      <h2>{from ? t('history.between', { from: from.number, to: to.number }) : t('history.first', { to: to.number })}</h2>
      <pre class="diff">
        {parts.map((part) => (part.added ? <ins>{part.value}</ins> : part.removed ? <del>{part.value}</del> : <span>{part.value}</span>))}
      </pre>
      <h2>{t('history.revisions')}</h2>
      <ol reversed class="revisions">
        {revisions.map((r) => (
          <li>
            {t('history.revision', { number: r.number, name: r.savedBy ?? '', date: formatInstant(locale, r.savedAt) })} ·{' '}
            {t(`status.${r.status}`)}
          </li>
        ))}
      </ol>
    </Layout>
  )
}
