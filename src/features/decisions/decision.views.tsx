import { formatInstant } from '../../lib/time-zones.js'
import { ZonedTimeFields, type ZonedTyped } from '../../web/zoned-time-fields.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import type { FormProblem } from '../../lib/errors.js'
import { BreakdownTables } from '../methodology/breakdown.views.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import type { DecisionRecord } from './decisions.queries.js'
import type { DecisionAction } from './decisions.service.js'
import type { Tally } from './quorum.js'
import { DecisionChange, Rationale, TallyLine } from './decision-parts.views.js'
import { Choices, CsrfField, ErrorSummary, TextArea } from '../../web/forms.js'
import { DroppedLinks } from '../../web/dropped-links.js'
import { linkWarningsByLanguage } from '../../lib/link-warnings.js'

export interface DecisionPageModel {
  decision: DecisionRecord
  countryName: string
  config: MethodologyConfig
  tally: Tally
  csrf: string
  problems: FormProblem[]
  /** The embargo typed in a refused schedule form. */
  embargoTyped: ZonedTyped | undefined
  /** Steps this user may take now. */
  actions: DecisionAction[]
  mayEdit: boolean
  /** The panelist may vote (or change their vote) now. */
  mayVote: boolean
  myVote: DecisionRecord['votes'][number] | null
  /** The choice and comment of a refused vote, shown instead of the vote stored. */
  typedVote: { vote: string; comment: string } | null
  showVoters: boolean
}

/** A decision in the back office: what it changes and why, the panel's votes, and the next steps. */
export function DecisionPage({ ctx, model }: { ctx: PageContext; model: DecisionPageModel }) {
  const { t, locale } = ctx
  const { decision } = model
  const base = href(ctx, `/workspace/decisions/${decision.id}`)
  const heading = t('decision.title', { id: decision.id, country: model.countryName })
  return (
    <Layout ctx={ctx} title={heading}>
      <p class="breadcrumb">
        <a href={href(ctx, '/workspace/ratings')}>{t('ratingDesk.title')}</a>
      </p>
      <h1 id="decision-title">{heading}</h1>
      <ErrorSummary ctx={ctx} problems={model.problems} />
      <p>
        {t('decision.status')}: <strong>{t(`decision.status.${decision.status}`)}</strong>
        {decision.underReview && ` · ${t('decision.underReviewPublic')}`}
        {decision.embargoUntil && ` · ${t('decision.embargoUntil', { time: formatInstant(locale, decision.embargoUntil) })}`}
      </p>
      <DecisionChange ctx={ctx} decision={decision} />
      {model.mayEdit && (
        <p>
          <a href={`${base}/edit`}>{t('decision.edit')}</a>
        </p>
      )}
      <Rationale ctx={ctx} rationale={decision.rationale} />
      <DroppedLinks ctx={ctx} warnings={linkWarningsByLanguage('rationale', decision.rationale)} byLanguage />

      <h2 id="evidence-title">{t('decision.evidenceTitle')}</h2>
      {decision.evidence.length === 0 ? (
        <p>{t('decision.noEvidence')}</p>
      ) : (
        <ul>
          {decision.evidence.map((e) => (
            <li>
              <a href={href(ctx, `/updates/${e.updateId}`)}>
                #{e.updateId} {e.title}
              </a>
            </li>
          ))}
        </ul>
      )}

      <h2 id="panel-title">{t('decision.panelTitle')}</h2>
      <TallyLine ctx={ctx} tally={model.tally} quorum={decision.quorum} />
      {model.showVoters && decision.votes.length > 0 && (
        <TableScroll labelledBy="panel-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('decision.col.panelist')}</th>
                <th scope="col">{t('decision.col.vote')}</th>
                <th scope="col">{t('decision.col.comment')}</th>
                <th scope="col">{t('decision.col.when')}</th>
              </tr>
            </thead>
            <tbody>
              {decision.votes.map((v) => (
                <tr>
                  <td>{v.panelistName}</td>
                  <td>{v.conflict ? t('decision.vote.conflict') : t(`decision.vote.${v.vote!}`)}</td>
                  <td>{v.comment}</td>
                  <td>{formatInstant(locale, v.votedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {model.mayVote && <VoteForm ctx={ctx} model={model} action={`${base}/vote`} />}
      {model.actions.length > 0 && <WorkflowForms ctx={ctx} model={model} action={`${base}/workflow`} />}

      <h2 id="breakdown-title">{t('decision.breakdownTitle', { version: decision.methodologyLabel })}</h2>
      {decision.breakdown ? (
        <BreakdownTables ctx={ctx} breakdown={decision.breakdown} config={model.config} id="frozen" />
      ) : (
        <p>{t('breakdown.noScore')}</p>
      )}
    </Layout>
  )
}

function VoteForm({ ctx, model, action }: { ctx: PageContext; model: DecisionPageModel; action: string }) {
  const { t } = ctx
  const mine = model.myVote
  const typed = model.typedVote
  return (
    <form method="post" action={action} class="stacked" aria-labelledby="vote-title">
      <h3 id="vote-title">{mine ? t('decision.changeVote') : t('decision.yourVote')}</h3>
      <CsrfField token={model.csrf} />
      <Choices
        ctx={ctx}
        id="vote"
        type="radio"
        required
        legend={t('decision.col.vote')}
        hint={t('decision.conflictHint')}
        problems={model.problems}
        options={(['approve', 'reject', 'abstain', 'conflict'] as const).map((choice) => ({
          value: choice,
          label: t(`decision.vote.${choice}`),
        }))}
        chosen={typed ? [typed.vote] : mine?.vote ? [mine.vote] : []}
      />
      <TextArea
        ctx={ctx}
        id="vote-comment"
        name="comment"
        label={t('decision.col.comment')}
        hint={t('decision.commentPublic')}
        problems={model.problems}
        rows={3}
        maxLength={5000}
        value={typed ? typed.comment : (mine?.comment ?? '')}
      />
      <button type="submit">{t('decision.castVote')}</button>
    </form>
  )
}

function WorkflowForms({ ctx, model, action }: { ctx: PageContext; model: DecisionPageModel; action: string }) {
  const { t } = ctx
  const simple = model.actions.filter((a) => a !== 'schedule')
  return (
    <section aria-labelledby="workflow-title">
      <h2 id="workflow-title">{t('decision.nextSteps')}</h2>
      {simple.map((step) => (
        <form method="post" action={action} class="inline">
          <CsrfField token={model.csrf} />
          <button type="submit" name="action" value={step} class={step === 'return' || step === 'unflag' ? 'secondary' : undefined}>
            {t(`decision.action.${step}`)}
          </button>
        </form>
      ))}
      {model.actions.includes('schedule') && (
        <form method="post" action={action} class="stacked">
          <CsrfField token={model.csrf} />
          <ZonedTimeFields
            ctx={ctx}
            name="embargo_until"
            label={t('decision.embargoLocal')}
            problems={model.problems}
            typed={model.embargoTyped}
          />
          <button type="submit" name="action" value="schedule">
            {t('decision.action.schedule')}
          </button>
        </form>
      )}
    </section>
  )
}
