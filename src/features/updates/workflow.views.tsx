import { formatInstant } from '../../lib/time-zones.js'
import { ZonedTimeFields, type ZonedTyped } from '../../web/zoned-time-fields.js'
import type { FormProblem } from '../../lib/errors.js'
import type { CurrentUser } from '../../lib/policies.js'
import type { PageContext } from '../../web/page-context.js'
import type { UpdateRecord } from './updates.queries.js'
import type { TypedStep } from './workflow-form.js'
import { allowedActions } from './workflow.js'
import { CsrfField, TextArea } from '../../web/forms.js'

/** Beside the form: where the update stands, the editors' comments, and the steps this person may take. */
export function WorkflowPanel({
  ctx,
  update,
  user,
  csrf,
  base,
  problems,
  publishTyped,
  typed,
}: {
  ctx: PageContext
  update: UpdateRecord
  user: CurrentUser
  csrf: string
  base: string
  /** The problems of a refused step, told at the schedule fields too. */
  problems: FormProblem[]
  /** The time typed in a refused schedule form. */
  publishTyped: ZonedTyped | undefined
  /** The comment or reason typed in a refused step. */
  typed: TypedStep
}) {
  const { t, locale } = ctx
  const actions = allowedActions(user, update)
  const action = `${base}/${update.id}/workflow`
  return (
    <aside class="workflow" aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t('workflow.title')}</h2>
      <dl class="facts">
        <dt>{t('workflow.status')}</dt>
        <dd>
          <strong class={`status status-${update.status}`}>{t(`status.${update.status}`)}</strong>
        </dd>
        <dt>{t('workflow.author')}</dt>
        <dd>{update.authorName}</dd>
        <dt>{t('workflow.revision')}</dt>
        <dd>
          {update.revision} · <a href={`${base}/${update.id}/history`}>{t('workflow.history')}</a>
        </dd>
        {update.publishAt && (
          <>
            <dt>{t('workflow.publishAt')}</dt>
            <dd>{formatInstant(locale, update.publishAt, 'UTC')}</dd>
          </>
        )}
        {update.status === 'published' && (
          <>
            <dt>{t('workflow.publicPage')}</dt>
            <dd>
              <a href={`${base}/${update.id}`}>{`${base}/${update.id}`}</a>
            </dd>
          </>
        )}
      </dl>
      {update.comments.length > 0 && (
        <section aria-labelledby="comments-title">
          <h3 id="comments-title">{t('workflow.comments')}</h3>
          <ol class="comments">
            {update.comments.map((c) => (
              <li>
                <p class="meta">
                  {t('workflow.commentBy', { name: c.author, revision: c.revision, date: formatInstant(locale, c.createdAt) })}
                </p>
                <p class="comment-body">{c.body}</p>
              </li>
            ))}
          </ol>
        </section>
      )}
      {actions.includes('request_changes') && (
        <form class="stack-form" method="post" action={action}>
          <CsrfField token={csrf} />
          <TextArea
            ctx={ctx}
            id="comment"
            label={t('workflow.comment')}
            problems={problems}
            rows={4}
            maxLength={5000}
            required
            value={typed.comment}
          />
          <button type="submit" name="action" value="request_changes" class="secondary">
            {t('workflow.request_changes')}
          </button>
        </form>
      )}
      {actions.includes('approve') && (
        <form method="post" action={action}>
          <CsrfField token={csrf} />
          <button type="submit" name="action" value="approve">
            {t('workflow.approve')}
          </button>
        </form>
      )}
      {actions.includes('schedule') && (
        <form class="stack-form" method="post" action={action}>
          <CsrfField token={csrf} />
          <ZonedTimeFields ctx={ctx} name="publish_at" label={t('workflow.publishAtLocal')} problems={problems} typed={publishTyped} />
          <button type="submit" name="action" value="schedule">
            {t('workflow.schedule')}
          </button>
        </form>
      )}
      {actions.includes('unschedule') && (
        <form method="post" action={action}>
          <CsrfField token={csrf} />
          <button type="submit" name="action" value="unschedule" class="secondary">
            {t('workflow.unschedule')}
          </button>
        </form>
      )}
      {actions.includes('withdraw') && (
        <form class="stack-form" method="post" action={action}>
          <CsrfField token={csrf} />
          <TextArea
            ctx={ctx}
            id="reason"
            label={t('workflow.reason')}
            problems={problems}
            rows={3}
            maxLength={2000}
            required
            value={typed.reason}
          />
          <button type="submit" name="action" value="withdraw" class="secondary">
            {t('workflow.withdraw')}
          </button>
        </form>
      )}
    </aside>
  )
}
