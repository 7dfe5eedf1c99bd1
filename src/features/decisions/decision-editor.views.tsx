import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'
import { Problems, type FormProblem } from '../accounts/accounts.views.js'
import { Field, TextInput } from '../updates/form-fields.js'
import { CONTENT_LANGUAGES } from '../updates/update-form.js'
import { BreakdownTables } from '../methodology/breakdown.views.js'
import type { Breakdown } from '../methodology/engine.js'
import type { MethodologyConfig } from '../methodology/methodology.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import { CATEGORIES, type Category } from '../ratings/scale.js'
import type { DecisionForm } from './decision-form.js'

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
  const { form, problems } = model
  return (
    <Layout ctx={ctx} title={model.heading}>
      <h1 id="decision-title">{model.heading}</h1>
      <Problems ctx={ctx} problems={problems} />
      <form method="post" action={model.action} class="stacked" novalidate>
        <input type="hidden" name="_csrf" value={model.csrf} />
        {model.countries ? (
          <Field ctx={ctx} id="country" label={t('decision.country')} problems={problems}>
            <select id="country" name="country" required>
              <option value="">{t('decision.chooseCountry')}</option>
              {model.countries.map((c) => (
                <option value={c.code} selected={c.code === form.country}>
                  {c.name}
                </option>
              ))}
            </select>
          </Field>
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
        <Field ctx={ctx} id="to_category" label={t('decision.toCategory')} problems={problems}>
          <select id="to_category" name="to_category" required>
            <option value="">{t('decision.chooseCategory')}</option>
            {CATEGORIES.map((c) => (
              <option value={c} selected={c === form.toCategory}>
                {t(`category.${c}`)}
              </option>
            ))}
          </select>
        </Field>
        <TextInput
          ctx={ctx}
          id="to_score"
          name="to_score"
          label={t('decision.toScore')}
          hint={t('decision.toScoreHint', bandsHint(model.config))}
          value={form.toScore}
          problems={problems}
          type="number"
          required
        />
        <fieldset>
          <legend>{t('decision.rationale')}</legend>
          <p class="hint">{t('decision.rationaleHint')}</p>
          {CONTENT_LANGUAGES.map((l) => (
            <Field ctx={ctx} id={`rationale_${l}`} label={t(`language.${l}`)} problems={problems}>
              <textarea
                id={`rationale_${l}`}
                name={`rationale_${l}`}
                rows={l === 'en' ? 8 : 4}
                maxLength={10000}
                lang={l}
                dir={l === 'ar' ? 'rtl' : undefined}
              >
                {form.rationale[l]}
              </textarea>
            </Field>
          ))}
        </fieldset>
        <TextInput
          ctx={ctx}
          id="evidence"
          name="evidence"
          label={t('decision.evidence')}
          hint={t('decision.evidenceHint')}
          value={form.evidence}
          problems={problems}
        />
        {model.mayFlag && (
          <div class="field">
            <label>
              <input type="checkbox" name="under_review" checked={form.underReview} /> {t('decision.underReviewToggle')}
            </label>
            <p class="hint">{t('decision.underReviewHint')}</p>
          </div>
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
