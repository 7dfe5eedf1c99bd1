import type { Freedom } from '../../db/schema.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { ASSESSMENT_KINDS, JUSTIFICATION_MAX, TRENDS, type AssessmentForm } from './assessment-form.js'
import { Choices, CsrfField, ErrorSummary, FieldGroup, Select, TextArea, TextInput } from '../../web/forms.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

export interface AssessmentFormModel {
  action: string
  form: AssessmentForm
  problems: FormProblem[]
  csrf: string
  /** The countries this person may assess, by name. */
  countries: { code: string; name: string }[]
}

function ScoreInput({ ctx, freedom, value, problems }: { ctx: PageContext; freedom: Freedom; value: string; problems: FormProblem[] }) {
  return (
    <TextInput
      ctx={ctx}
      id={freedom}
      type="number"
      label={ctx.t(`freedom.${freedom}`)}
      problems={problems}
      inputMode="numeric"
      min={1}
      max={100}
      step={1}
      value={value}
    />
  )
}

/** Entering an assessment: country, kind, period, up to three scores, a trend and the justification. */
export function AssessmentFormPage({ ctx, model }: { ctx: PageContext; model: AssessmentFormModel }) {
  const { t } = ctx
  const { form, problems } = model
  return (
    <Layout ctx={ctx} title={t('assessment.newTitle')}>
      <p class="breadcrumb">
        <a href={href(ctx, '/workspace/assessments')}>{t('assessment.listTitle')}</a>
      </p>
      <h1>{t('assessment.newTitle')}</h1>
      <p class="lead">{t('assessment.newLead')}</p>
      <p class="notice" role="note">
        {t('assessment.appendOnly')}
      </p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="update-form" method="post" action={model.action}>
        <CsrfField token={model.csrf} />
        <div class="form-grid">
          <Select
            ctx={ctx}
            id="country"
            label={t('assessment.country')}
            value={form.country}
            options={model.countries.map((c) => ({ value: c.code, label: c.name }))}
            problems={problems}
            empty=""
          />
          <Select
            ctx={ctx}
            id="kind"
            label={t('assessment.kind')}
            value={form.kind}
            options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: t(`assessment.kind.${k}`) }))}
            problems={problems}
          />
          <TextInput
            ctx={ctx}
            id="period_start"
            type="date"
            label={t('assessment.periodStart')}
            value={form.periodStart}
            problems={problems}
            required
          />
          <TextInput
            ctx={ctx}
            id="period_end"
            type="date"
            label={t('assessment.periodEnd')}
            value={form.periodEnd}
            problems={problems}
            required
          />
        </div>
        <p class="hint">{t('assessment.kindHint')}</p>
        <FieldGroup ctx={ctx} id="scores" legend={t('assessment.scores')} hint={t('assessment.scoresHint')} problems={problems}>
          <div class="form-grid">
            {FREEDOMS.map((f) => (
              <ScoreInput ctx={ctx} freedom={f} value={form[f]} problems={problems} />
            ))}
          </div>
        </FieldGroup>
        <Choices
          ctx={ctx}
          id="trend"
          type="radio"
          legend={t('assessment.trend')}
          problems={problems}
          options={TRENDS.map((trend) => ({ value: trend, label: t(`assessment.trend.${trend}`) }))}
          chosen={[form.trend]}
        />
        <TextArea
          ctx={ctx}
          id="justification"
          label={t('assessment.justification')}
          hint={t('assessment.justificationHint')}
          problems={problems}
          rows={12}
          maxLength={JUSTIFICATION_MAX}
          required
          value={form.justification}
        />
        <div class="form-actions">
          <button type="submit">{t('assessment.save')}</button>
        </div>
      </form>
    </Layout>
  )
}
