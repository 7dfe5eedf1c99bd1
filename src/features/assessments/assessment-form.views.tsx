import type { Freedom } from '../../db/schema.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { Problems, type FormProblem } from '../accounts/accounts.views.js'
import { Choice, Field, TextInput } from '../updates/form-fields.js'
import { ASSESSMENT_KINDS, FREEDOMS, JUSTIFICATION_MAX, TRENDS, type AssessmentForm } from './assessment-form.js'

export interface AssessmentFormModel {
  action: string
  form: AssessmentForm
  problems: FormProblem[]
  csrf: string
  /** The countries this person may assess, by name. */
  countries: { code: string; name: string }[]
}

function ScoreInput({ ctx, freedom, value, problems }: { ctx: PageContext; freedom: Freedom; value: string; problems: FormProblem[] }) {
  const invalid = problems.some((p) => p.field === freedom)
  return (
    <Field ctx={ctx} id={freedom} label={ctx.t(`freedom.${freedom}`)} problems={problems}>
      <input
        id={freedom}
        name={freedom}
        type="number"
        inputMode="numeric"
        min={1}
        max={100}
        step={1}
        value={value}
        aria-invalid={invalid ? 'true' : undefined}
      />
    </Field>
  )
}

/** Entering an assessment: country, kind, period, up to three scores, a trend and the justification. */
export function AssessmentFormPage({ ctx, model }: { ctx: PageContext; model: AssessmentFormModel }) {
  const { t } = ctx
  const { form, problems } = model
  const problemOf = (field: string) => problems.find((p) => p.field === field)
  const scoresProblem = problemOf('scores')
  const trendProblem = problemOf('trend')
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
      <Problems ctx={ctx} problems={problems} />
      <form class="update-form" method="post" action={model.action}>
        <input type="hidden" name="_csrf" value={model.csrf} />
        <div class="form-grid">
          <Choice
            ctx={ctx}
            id="country"
            name="country"
            label={t('assessment.country')}
            value={form.country}
            options={model.countries.map((c) => ({ value: c.code, label: c.name }))}
            problems={problems}
            empty=""
          />
          <Choice
            ctx={ctx}
            id="kind"
            name="kind"
            label={t('assessment.kind')}
            value={form.kind}
            options={ASSESSMENT_KINDS.map((k) => ({ value: k, label: t(`assessment.kind.${k}`) }))}
            problems={problems}
          />
          <TextInput
            ctx={ctx}
            id="period_start"
            name="period_start"
            type="date"
            label={t('assessment.periodStart')}
            value={form.periodStart}
            problems={problems}
            required
          />
          <TextInput
            ctx={ctx}
            id="period_end"
            name="period_end"
            type="date"
            label={t('assessment.periodEnd')}
            value={form.periodEnd}
            problems={problems}
            required
          />
        </div>
        <p class="hint">{t('assessment.kindHint')}</p>
        <fieldset id="scores" class={scoresProblem ? 'has-problem' : undefined}>
          <legend>{t('assessment.scores')}</legend>
          <p class="hint">{t('assessment.scoresHint')}</p>
          {scoresProblem && <p class="field-problem">{t(scoresProblem.message)}</p>}
          <div class="form-grid">
            {FREEDOMS.map((f) => (
              <ScoreInput ctx={ctx} freedom={f} value={form[f]} problems={problems} />
            ))}
          </div>
        </fieldset>
        <fieldset id="trend">
          <legend>{t('assessment.trend')}</legend>
          {trendProblem && <p class="field-problem">{t(trendProblem.message)}</p>}
          {TRENDS.map((trend) => (
            <label class="check">
              <input type="radio" name="trend" value={trend} checked={form.trend === trend} /> {t(`assessment.trend.${trend}`)}
            </label>
          ))}
        </fieldset>
        <Field
          ctx={ctx}
          id="justification"
          label={t('assessment.justification')}
          hint={t('assessment.justificationHint')}
          problems={problems}
        >
          <textarea
            id="justification"
            name="justification"
            rows={12}
            maxLength={JUSTIFICATION_MAX}
            required
            aria-invalid={problemOf('justification') ? 'true' : undefined}
          >
            {form.justification}
          </textarea>
        </Field>
        <div class="form-actions">
          <button type="submit">{t('assessment.save')}</button>
        </div>
      </form>
    </Layout>
  )
}
