import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { BreakdownTables } from '../methodology/breakdown.views.js'
import type { Breakdown } from '../methodology/engine.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import type { DecisionForm } from './decision-form.js'
import { Checkbox, CsrfField, ErrorSummary, FieldGroup, Select, TextArea, TextInput } from '../../web/forms.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

export interface DecisionEditorModel {
  action: string
  heading: string
  csrf: string
  form: DecisionForm
  problems: FormProblem[]
  /** Countries this user may propose for; the country is fixed once a decision exists. */
  countries: { code: string; name: string }[] | null
  countryName: string | null
  current: { category: Category; score: number | null } | null
  computed: Breakdown | null
  config: MethodologyConfig
  /** Editors decide whether the public sees "under review". */
  mayFlag: boolean
}

/** Drafting a rating decision: the change, the rationale in one or more languages, the evidence. */
export function DecisionEditor({ ctx, model }: { ctx: PageContext; model: DecisionEditorModel }) {
  const { t } = ctx
  const { form, problems, countries } = model
  return (
    <Layout ctx={ctx} title={model.heading}>
      <h1 id="decision-title">{model.heading}</h1>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="post" action={model.action} class="stacked" novalidate>
        <CsrfField token={model.csrf} />
        {countries ? (
          <Select
            ctx={ctx}
            id="country"
            label={t('decision.country')}
            problems={problems}
            options={countries.map((c) => ({ value: c.code, label: c.name }))}
            value={form.country}
            empty={t('decision.chooseCountry')}
            required
          />
        ) : (
          <p>
            {t('decision.country')}: <strong>{model.countryName}</strong>
            <input type="hidden" name="country" value={form.country} />
          </p>
        )}
        {model.current && (
          <p>
            {t('decision.currentRating')} <RatingLabel ctx={ctx} category={model.current.category} />
            {model.current.score !== null && ` · ${t('country.score', { score: model.current.score })}`}
          </p>
        )}
        <Select
          ctx={ctx}
          id="to_category"
          label={t('decision.toCategory')}
          problems={problems}
          options={CATEGORIES.map((c) => ({ value: c, label: t(`category.${c}`) }))}
          value={form.toCategory}
          empty={t('decision.chooseCategory')}
          required
        />
        <TextInput
          ctx={ctx}
          id="to_score"
          label={t('decision.toScore')}
          hint={t('decision.toScoreHint', bandsHint(model.config))}
          value={form.toScore}
          problems={problems}
          type="number"
          required
        />
        <FieldGroup ctx={ctx} id="rationale" legend={t('decision.rationale')} hint={t('decision.rationaleHint')} problems={problems}>
          {CONTENT_LANGUAGES.map((l) => (
            <TextArea
              ctx={ctx}
              id={`rationale_${l}`}
              label={t(`language.${l}`)}
              problems={problems}
              rows={l === 'en' ? 8 : 4}
              maxLength={10000}
              lang={l}
              dir={l === 'ar' ? 'rtl' : undefined}
              value={form.rationale[l]}
            />
          ))}
        </FieldGroup>
        <TextInput
          ctx={ctx}
          id="evidence"
          label={t('decision.evidence')}
          hint={t('decision.evidenceHint')}
          value={form.evidence}
          problems={problems}
        />
        {model.mayFlag && (
          <Checkbox
            ctx={ctx}
            id="under_review"
            label={t('decision.underReviewToggle')}
            hint={t('decision.underReviewHint')}
            value="on"
            checked={form.underReview}
          />
        )}
        <button type="submit">{t('decision.saveDraft')}</button>
      </form>
      {model.computed && (
        <section aria-labelledby="computed-title">
          <h2 id="computed-title">{t('decision.computedTitle')}</h2>
          <p class="hint">{t('decision.computedHint')}</p>
          <BreakdownTables ctx={ctx} breakdown={model.computed} config={model.config} id="computed" />
        </section>
      )}
    </Layout>
  )
}

function bandsHint(config: MethodologyConfig): Record<string, number> {
  const b = config.bands
  return { open: b.open, narrowed: b.narrowed, obstructed: b.obstructed, repressed: b.repressed }
}
