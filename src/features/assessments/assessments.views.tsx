import { formatDate } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { formatInstant } from '../../lib/time-zones.js'
import { FilterSelect, InlineForm } from '../../web/inline-form.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import { ASSESSMENT_KINDS, type AssessmentKind } from './assessment-form.js'
import type { Assessment } from './assessments.queries.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/** The staff pages of assessments: the list with its filters, and one assessment. */
const period = (ctx: PageContext, a: Pick<Assessment, 'periodStart' | 'periodEnd'>) =>
  `${formatDate(ctx.locale, a.periodStart)} – ${formatDate(ctx.locale, a.periodEnd)}`
const scoreText = (ctx: PageContext, value: number | null) => (value === null ? ctx.t('assessment.notScored') : String(value))

export interface AssessmentListModel {
  rows: Assessment[]
  names: Map<string, string>
  filter: { country?: string; kind?: AssessmentKind }
  countryOptions: { value: string; label: string }[]
  canPropose: boolean
}

export function AssessmentListPage({ ctx, model }: { ctx: PageContext; model: AssessmentListModel }) {
  const { t, locale } = ctx
  const base = href(ctx, '/workspace/assessments')
  return (
    <Layout ctx={ctx} title={t('assessment.listTitle')}>
      <h1 id="assessments-title">{t('assessment.listTitle')}</h1>
      <p class="lead">{t('assessment.listLead')}</p>
      {model.canPropose && (
        <p>
          <a href={`${base}/new${model.filter.country ? `?country=${model.filter.country}` : ''}`}>{t('assessment.newTitle')}</a>
        </p>
      )}
      <InlineForm action={base} submit={t('assessment.filter')}>
        <FilterSelect
          id="country"
          label={t('assessment.country')}
          options={model.countryOptions}
          value={model.filter.country}
          empty={t('assessment.any')}
        />
        <FilterSelect
          id="kind"
          label={t('assessment.kind')}
          options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: t(`assessment.kind.${k}`) }))}
          value={model.filter.kind}
          empty={t('assessment.any')}
        />
      </InlineForm>
      {model.rows.length === 0 ? (
        <p>{t('assessment.none')}</p>
      ) : (
        <TableScroll labelledBy="assessments-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('assessment.country')}</th>
                <th scope="col">{t('assessment.period')}</th>
                <th scope="col">{t('assessment.kind')}</th>
                {FREEDOMS.map((f) => (
                  <th scope="col">{t(`freedom.${f}`)}</th>
                ))}
                <th scope="col">{t('assessment.trend')}</th>
                <th scope="col">{t('assessment.enteredBy')}</th>
                <th scope="col">{t('assessment.enteredOn')}</th>
              </tr>
            </thead>
            <tbody>
              {model.rows.map((a) => (
                <tr>
                  <td>{model.names.get(a.countryCode) ?? a.countryCode}</td>
                  <td>
                    <a href={`${base}/${a.id}`}>{period(ctx, a)}</a>
                  </td>
                  <td>{t(`assessment.kind.${a.kind}`)}</td>
                  {FREEDOMS.map((f) => (
                    <td class="number">{scoreText(ctx, a.scores[f])}</td>
                  ))}
                  <td>{t(`assessment.trend.${a.trend}`)}</td>
                  <td>{a.author}</td>
                  <td>{formatInstant(locale, a.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}

export function AssessmentPage(props: { ctx: PageContext; assessment: Assessment; country: string; saved: boolean; canCorrect: boolean }) {
  const { ctx, assessment: a } = props
  const { t, locale } = ctx
  const base = href(ctx, '/workspace/assessments')
  const correction = new URLSearchParams({ country: a.countryCode, kind: a.kind, period_start: a.periodStart, period_end: a.periodEnd })
  const title = t('assessment.viewTitle', { country: props.country, period: period(ctx, a) })
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={`${base}?country=${a.countryCode}`}>{t('assessment.listTitle')}</a>
      </p>
      <h1>{title}</h1>
      {props.saved && (
        <p class="notice" role="status">
          {t('assessment.saved')}
        </p>
      )}
      <dl class="facts">
        <dt>{t('assessment.country')}</dt>
        <dd>{props.country}</dd>
        <dt>{t('assessment.kind')}</dt>
        <dd>{t(`assessment.kind.${a.kind}`)}</dd>
        <dt>{t('assessment.period')}</dt>
        <dd>{period(ctx, a)}</dd>
        {FREEDOMS.map((f) => (
          <>
            <dt>{t(`freedom.${f}`)}</dt>
            <dd>{scoreText(ctx, a.scores[f])}</dd>
          </>
        ))}
        <dt>{t('assessment.trend')}</dt>
        <dd>{t(`assessment.trend.${a.trend}`)}</dd>
        <dt>{t('assessment.enteredBy')}</dt>
        <dd>{a.author}</dd>
        <dt>{t('assessment.enteredOn')}</dt>
        <dd>{formatInstant(locale, a.createdAt)}</dd>
      </dl>
      <section aria-labelledby="justification-title">
        <h2 id="justification-title">{t('assessment.justification')}</h2>
        <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(a.justification) }} />
      </section>
      <div class="notice" role="note">
        <p>{t('assessment.appendOnly')}</p>
        {props.canCorrect && (
          <p>
            <a href={`${base}/new?${correction.toString()}`}>{t('assessment.correct')}</a>
          </p>
        )}
      </div>
    </Layout>
  )
}
