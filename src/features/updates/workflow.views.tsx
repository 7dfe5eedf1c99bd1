import type { ComponentChildren } from 'preact'
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
  /** The problems of a refused step, told at its field too (comment, reason, schedule). */
  problems: FormProblem[]
  /** The time typed in a refused schedule form. */
  publishTyped: ZonedTyped | undefined
  /** The comment or reason typed in a refused step. */
  typed: TypedStep
}) {
  const { t, locale } = ctx
  const actions = allowedActions(user, update)
  const action = `${base}/${update.id}/workflow`
  const text = (id: keyof TypedStep, rows: number, maxLength: number) => (
    <TextArea
      ctx={ctx}
      id={id}
      label={t(`workflow.${id}`)}
      problems={problems}
      rows={rows}
      maxLength={maxLength}
      required
      value={typed[id]}
    />
  )
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
        <StepForm ctx={ctx} action={action} csrf={csrf} step="request_changes" secondary>
          {text('comment', 4, 5000)}
        </StepForm>
      )}
      {actions.includes('approve') && <StepForm ctx={ctx} action={action} csrf={csrf} step="approve" />}
      {actions.includes('schedule') && (
        <StepForm ctx={ctx} action={action} csrf={csrf} step="schedule">
          <ZonedTimeFields ctx={ctx} name="publish_at" label={t('workflow.publishAtLocal')} problems={problems} typed={publishTyped} />
        </StepForm>
      )}
      {actions.includes('unschedule') && <StepForm ctx={ctx} action={action} csrf={csrf} step="unschedule" secondary />}
      {actions.includes('withdraw') && (
        <StepForm ctx={ctx} action={action} csrf={csrf} step="withdraw" secondary>
          {text('reason', 3, 2000)}
        </StepForm>
      )}
    </aside>
  )
}

/** One review step's form: what it asks for, if anything, and the button that takes it. */
function StepForm(props: {
  ctx: PageContext
  action: string
  csrf: string
  step: 'request_changes' | 'approve' | 'schedule' | 'unschedule' | 'withdraw'
  secondary?: boolean
  children?: ComponentChildren
}) {
  return (
    <form class={props.children ? 'stack-form' : undefined} method="post" action={props.action}>
      <CsrfField token={props.csrf} />
      {props.children}
      <button type="submit" name="action" value={props.step} class={props.secondary ? 'secondary' : undefined}>
        {props.ctx.t(`workflow.${props.step}`)}
      </button>
    </form>
  )
}
