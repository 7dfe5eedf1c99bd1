import { formatInstant } from '../../lib/time-zones.js'
import { ZonedTimeFields, type ZonedTyped } from '../../web/zoned-time-fields.js'
import { Layout } from '../../web/layout.js'
import { DroppedLinks } from '../../web/dropped-links.js'
import { linkWarningsByLanguage } from '../../lib/link-warnings.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import type { FormProblem } from '../../lib/errors.js'
import { AttachmentsSection } from './attachments.views.js'
import type { AttachmentInfo } from './attachments.queries.js'
import { EmbargoNotice } from './embargo.views.js'
import { WithdrawnNotice } from './publication-article.views.js'
import type { PublicationRecord, PublicationSummary } from './publications.queries.js'
import type { PublicationAction } from './publications.service.js'
import { CsrfField, ErrorSummary, TextArea } from '../../web/forms.js'
import type { MailingProgress } from '../mail/mailing.queries.js'

/** /workspace/publications: every publication by status, the scheduled ones as an embargo calendar. */
export function PublicationsWorkspace({ ctx, publications }: { ctx: PageContext; publications: PublicationSummary[] }) {
  const { t, locale } = ctx
  const base = href(ctx, '/workspace/publications')
  const scheduled = publications
    .filter((p) => p.status === 'scheduled')
    .sort((a, b) => a.embargoUntil!.getTime() - b.embargoUntil!.getTime())
  const groups = (['draft', 'review', 'published', 'withdrawn'] as const).map((status) => ({
    status,
    items: publications.filter((p) => p.status === status),
  }))
  const title = (p: PublicationSummary) => p.texts[0]?.title ?? `#${p.id}`
  return (
    <Layout ctx={ctx} title={t('publication.workspace.title')}>
      <h1>{t('publication.workspace.title')}</h1>
      <p>
        <a class="button" href={`${base}/new`}>
          {t('publication.workspace.new')}
        </a>{' '}
        <a href={href(ctx, '/workspace/accreditations')}>{t('publication.workspace.accreditations')}</a> ·{' '}
        <a href={href(ctx, '/press-room')}>{t('publication.workspace.pressRoom')}</a>
      </p>
      <section aria-labelledby="calendar-title">
        <h2 id="calendar-title">{t('publication.workspace.calendar')}</h2>
        {scheduled.length === 0 ? (
          <p>{t('publication.workspace.nothingScheduled')}</p>
        ) : (
          <TableScroll labelledBy="calendar-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('publication.workspace.embargo')}</th>
                  <th scope="col">{t('publication.form.title')}</th>
                  <th scope="col">{t('publication.form.kind')}</th>
                  <th scope="col">{t('publication.workspace.languages')}</th>
                </tr>
              </thead>
              <tbody>
                {scheduled.map((p) => (
                  <tr>
                    <td>{formatInstant(locale, p.embargoUntil!, p.embargoZone)}</td>
                    <td>
                      <a href={`${base}/${p.id}`}>{title(p)}</a>
                    </td>
                    <td>{t(`publication.kind.${p.kind}`)}</td>
                    <td>{p.texts.map((x) => x.language).join(', ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
      {groups.map(({ status, items }) => (
        <section aria-labelledby={`status-${status}`}>
          <h2 id={`status-${status}`}>{t(`publication.status.${status}`)}</h2>
          {items.length === 0 ? (
            <p>{t('publication.workspace.none')}</p>
          ) : (
            <ul>
              {items.map((p) => (
                <li>
                  <a href={`${base}/${p.id}`}>{title(p)}</a> · {t(`publication.kind.${p.kind}`)} ·{' '}
                  {p.texts.map((x) => x.language).join(', ')}
                  {p.publishedAt && ` · ${formatInstant(locale, p.publishedAt)}`}
                </li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </Layout>
  )
}

export interface PublicationStaffModel {
  publication: PublicationRecord
  attachments: AttachmentInfo[]
  actions: PublicationAction[]
  /** The e-mails announcing it to subscribers, once published. */
  mailing: MailingProgress
  /** The reason typed in a refused withdrawal. */
  reasonTyped: string
  csrf: string
  problems: FormProblem[]
  /** The embargo typed in a refused schedule form. */
  embargoTyped: ZonedTyped | undefined
  countryNames: Map<string, string>
}

/** One publication in the back office: its versions, links and their states, files, and the workflow. */
export function PublicationStaffPage({ ctx, model }: { ctx: PageContext; model: PublicationStaffModel }) {
  const { t, locale } = ctx
  const { publication: p } = model
  const base = href(ctx, `/workspace/publications/${p.id}`)
  const heading = p.texts[0]?.title ?? `#${p.id}`
  return (
    <Layout ctx={ctx} title={heading}>
      <h1 id="workflow-title">{heading}</h1>
      <ErrorSummary ctx={ctx} problems={model.problems} />
      <p>
        {t(`publication.kind.${p.kind}`)} · {t('publication.workspace.status')}: <strong>{t(`publication.status.${p.status}`)}</strong>
        {p.publishedAt && ` · ${formatInstant(locale, p.publishedAt)}`}
      </p>
      {p.status === 'scheduled' && p.embargoUntil && <EmbargoNotice ctx={ctx} until={p.embargoUntil} zone={p.embargoZone} />}
      {p.withdrawn && <WithdrawnNotice ctx={ctx} withdrawn={p.withdrawn} />}
      {p.status === 'published' && (
        <p>
          <a href={`${base}/correct`}>{t('publication.workspace.correct')}</a>
        </p>
      )}
      {p.status !== 'published' && p.status !== 'withdrawn' && (
        <p>
          <a href={`${base}/edit`}>{t('publication.workspace.edit')}</a>
        </p>
      )}
      <Mailing ctx={ctx} progress={model.mailing} />
      <h2>{t('publication.workspace.versions')}</h2>
      <ul>
        {p.texts.map((text) => (
          <li lang={text.language}>
            <strong>{text.title}</strong> ({t(`language.${text.language as 'en'}`)}) ·{' '}
            <a
              href={
                p.status === 'published' || p.status === 'withdrawn'
                  ? href({ locale: text.language as 'en' }, `/press/${text.slug}`)
                  : href(ctx, `/press-room/${text.slug}`)
              }
            >
              <code>{text.slug}</code>
            </a>
          </li>
        ))}
      </ul>
      <DroppedLinks
        ctx={ctx}
        warnings={linkWarningsByLanguage('body', Object.fromEntries(p.draft.texts.map((x) => [x.language, x.body])))}
        byLanguage
      />
      <h2>{t('publication.workspace.links')}</h2>
      <p>
        {t('publication.form.countries')}: {p.draft.countries.map((c) => model.countryNames.get(c) ?? c).join(', ') || '—'}
      </p>
      <ul>
        {p.decisions.map((d) => (
          <li>
            <a href={href(ctx, `/workspace/decisions/${d.id}`)}>{t('publication.workspace.decision', { id: d.id })}</a> (
            {model.countryNames.get(d.countryCode) ?? d.countryCode}): {t(`decision.status.${d.status}`)}
            {d.embargoUntil && ` · ${formatInstant(locale, d.embargoUntil)}`}
          </li>
        ))}
        {p.updates.map((u) => (
          <li>
            <a href={href(ctx, `/updates/${u.id}/edit`)}>{u.title}</a>: {t(`status.${u.status}`)}
            {u.publishAt && ` · ${formatInstant(locale, u.publishAt)}`}
          </li>
        ))}
      </ul>
      <AttachmentsSection
        ctx={ctx}
        publicationId={p.id}
        attachments={model.attachments}
        csrf={model.csrf}
        editable={p.status !== 'published' && p.status !== 'withdrawn'}
      />
      {p.corrections.length > 0 && (
        <>
          <h2>{t('publication.workspace.corrections')}</h2>
          <ul>
            {p.corrections.map((c) => (
              <li>
                {formatInstant(locale, c.correctedAt)}: {c.note}
              </li>
            ))}
          </ul>
        </>
      )}
      <Workflow ctx={ctx} action={`${base}/workflow`} model={model} />
    </Layout>
  )
}

function Workflow({ ctx, action, model }: { ctx: PageContext; action: string; model: PublicationStaffModel }) {
  const { t } = ctx
  const { csrf, actions } = model
  if (actions.length === 0) return null
  const simple = actions.filter((a) => a !== 'schedule' && a !== 'withdraw')
  return (
    <section aria-labelledby="steps-title">
      <h2 id="steps-title">{t('publication.workspace.steps')}</h2>
      {simple.length > 0 && (
        <form method="post" action={action} class="actions">
          <CsrfField token={csrf} />
          {simple.map((a) => (
            <button type="submit" name="action" value={a}>
              {t(`publication.action.${a}`)}
            </button>
          ))}
        </form>
      )}
      {actions.includes('schedule') && (
        <form method="post" action={action} class="stacked">
          <CsrfField token={csrf} />
          <p class="hint">{t('publication.workspace.scheduleHint')}</p>
          <ZonedTimeFields
            ctx={ctx}
            name="embargo_until"
            label={t('publication.workspace.embargoLocal')}
            problems={model.problems}
            typed={model.embargoTyped}
          />
          <button type="submit" name="action" value="schedule">
            {t('publication.action.schedule')}
          </button>
        </form>
      )}
      {actions.includes('withdraw') && (
        <form method="post" action={action} class="stacked">
          <CsrfField token={csrf} />
          <p class="hint">{t('publication.workspace.withdrawHint')}</p>
          <TextArea
            ctx={ctx}
            id="reason"
            label={t('workflow.reason')}
            problems={model.problems}
            rows={3}
            maxLength={2000}
            required
            value={model.reasonTyped}
          />
          <button type="submit" name="action" value="withdraw" class="secondary">
            {t('workflow.withdraw')}
          </button>
        </form>
      )}
    </section>
  )
}

/** How the e-mails to subscribers stand: refreshed with the page while the outbox sends them. */
function Mailing({ ctx, progress }: { ctx: PageContext; progress: MailingProgress }) {
  const { t, locale } = ctx
  const rows = (['sent', 'waiting', 'failed', 'cancelled'] as const).filter((k) => k !== 'cancelled' || progress.cancelled > 0)
  if (rows.every((k) => progress[k] === 0)) return null
  return (
    <section aria-labelledby="mailing-title">
      <h2 id="mailing-title">{t('publication.mailing.title')}</h2>
      <dl class="facts" id="mailing-progress">
        {rows.map((k) => (
          <>
            <dt>{t(`publication.mailing.${k}`)}</dt>
            <dd data-count={k}>{new Intl.NumberFormat(locale).format(progress[k])}</dd>
          </>
        ))}
      </dl>
    </section>
  )
}
