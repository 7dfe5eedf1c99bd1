import type { WriteWarning } from '../../lib/link-warnings.js'
import { DroppedLinks } from '../../web/dropped-links.js'
import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { TermOptions } from './term-options.js'
import { COUNTS, PRECISIONS, type IncidentRow, type SourceRow, type UpdateForm } from './update-form.js'
import type { Term } from './updates.queries.js'
import { Choices, CsrfField, ErrorSummary, Field, Select, TextArea, TextInput } from '../../web/forms.js'
import { CONTENT_LANGUAGES, FREEDOMS } from '../../lib/vocabularies.js'

export interface EditorModel {
  /** Where the form posts. */
  action: string
  heading: string
  form: UpdateForm
  problems: FormProblem[]
  csrf: string
  revision: number | null
  countries: { code: string; name: string }[]
  terms: Term[]
  /** Rendered Markdown of the body and the links it shows as text, when the writer asked for a preview. */
  preview: { html: string; warnings: WriteWarning[] } | null
  canSubmit: boolean
  /** A published update: saving needs a correction note. */
  correcting: boolean
  correction: string
  /** The update cannot be changed in its status: show it, not the form. */
  readOnly: boolean
  /** After a save: what happened. */
  notice: string | null
}

/** The monitoring update form: text, sources and incidents; rows are added and removed without JavaScript. */
export function UpdateEditor({ ctx, model, aside }: { ctx: PageContext; model: EditorModel; aside?: preact.ComponentChildren }) {
  const { t } = ctx
  const { form, problems } = model
  const freedomOptions = FREEDOMS.map((f) => ({ value: f, label: t(`freedom.${f}`) }))
  return (
    <Layout ctx={ctx} title={model.heading}>
      <h1>{model.heading}</h1>
      {model.notice && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}
      {aside}
      <ErrorSummary ctx={ctx} problems={problems} />
      {model.preview !== null && (
        <section class="preview" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('update.previewTitle')}</h2>
          <h3>{form.title}</h3>
          <p class="lead">{form.summary}</p>
          <DroppedLinks ctx={ctx} warnings={model.preview.warnings} />
          <div class="prose" dangerouslySetInnerHTML={{ __html: model.preview.html }} />
        </section>
      )}
      {model.readOnly && (
        <p class="notice" role="status">
          {t('update.readOnly')}
        </p>
      )}
      {!model.readOnly && (
        <form class="update-form" method="post" action={model.action}>
          <CsrfField token={model.csrf} />
          {model.revision !== null && <input type="hidden" name="revision" value={String(model.revision)} />}
          <div class="form-grid">
            <Select
              ctx={ctx}
              id="country"
              label={t('update.country')}
              value={form.country}
              options={model.countries.map((c) => ({ value: c.code, label: c.name }))}
              problems={problems}
              empty=""
            />
            <Select
              ctx={ctx}
              id="language"
              label={t('update.language')}
              value={form.language}
              options={CONTENT_LANGUAGES.map((l) => ({ value: l, label: t(`language.${l}`) }))}
              problems={problems}
            />
            <TextInput
              ctx={ctx}
              id="translation_of"
              label={t('update.translationOf')}
              hint={t('update.translationOfHint')}
              value={form.translationOf}
              problems={problems}
              maxLength={15}
            />
          </div>
          <TextInput ctx={ctx} id="title" label={t('update.title')} value={form.title} problems={problems} maxLength={200} required />
          <TextArea ctx={ctx} id="summary" label={t('update.summary')} problems={problems} rows={3} maxLength={1000} value={form.summary} />
          <TextArea
            ctx={ctx}
            id="body"
            label={t('update.body')}
            hint={t('update.bodyHint')}
            problems={problems}
            rows={14}
            maxLength={100000}
            value={form.body}
          />
          <div class="form-grid">
            <TextInput
              ctx={ctx}
              id="period_start"
              type="date"
              label={t('update.periodStart')}
              value={form.periodStart}
              problems={problems}
            />
            <TextInput ctx={ctx} id="period_end" type="date" label={t('update.periodEnd')} value={form.periodEnd} problems={problems} />
          </div>
          <Choices
            ctx={ctx}
            id="freedoms"
            legend={t('update.freedoms')}
            problems={problems}
            options={FREEDOMS.map((f) => ({ value: f, label: t(`freedom.${f}`) }))}
            chosen={form.freedoms}
          />
          <Field ctx={ctx} id="tags" label={t('update.tags')} hint={t('update.tagsHint')} problems={problems}>
            {(tied) => (
              <select name="tags" multiple size={8} {...tied}>
                <TermOptions ctx={ctx} terms={model.terms} vocabularies={['topic', 'violation', 'positive']} chosen={form.tags} />
              </select>
            )}
          </Field>

          <fieldset id="sources">
            <legend>{t('update.sources')}</legend>
            {form.sources.length === 0 && <p class="hint">{t('update.noSources')}</p>}
            {form.sources.map((row, i) => (
              <SourceFields ctx={ctx} row={row} index={i} problems={problems} />
            ))}
            <button type="submit" name="action" value="add-source" class="secondary" formnovalidate>
              {t('update.addSource')}
            </button>
          </fieldset>

          <fieldset id="incidents">
            <legend>{t('update.incidents')}</legend>
            {form.incidents.length === 0 && <p class="hint">{t('update.noIncidents')}</p>}
            {form.incidents.map((row, i) => (
              <IncidentFields ctx={ctx} row={row} index={i} problems={problems} terms={model.terms} freedoms={freedomOptions} />
            ))}
            <button type="submit" name="action" value="add-incident" class="secondary" formnovalidate>
              {t('update.addIncident')}
            </button>
          </fieldset>

          {model.correcting && (
            <TextArea
              ctx={ctx}
              id="correction"
              label={t('update.correctionNote')}
              hint={t('update.correctionHint')}
              problems={problems}
              rows={3}
              maxLength={2000}
              required
              value={model.correction}
            />
          )}
          <div class="form-actions">
            <button type="submit" name="action" value="preview" class="secondary" formnovalidate>
              {t('update.preview')}
            </button>
            <button type="submit" name="action" value="save">
              {t(model.correcting ? 'update.publishCorrection' : 'update.save')}
            </button>
            {model.canSubmit && (
              <button type="submit" name="action" value="submit">
                {t('update.saveAndSubmit')}
              </button>
            )}
          </div>
        </form>
      )}
    </Layout>
  )
}

function SourceFields({ ctx, row, index, problems }: { ctx: PageContext; row: SourceRow; index: number; problems: FormProblem[] }) {
  const { t } = ctx
  const id = (field: string) => `src_${field}-${index}`
  return (
    <div class="row-group" role="group" aria-label={t('update.sourceN', { n: index + 1 })}>
      <div class="form-grid">
        <TextInput
          ctx={ctx}
          id={id('url')}
          name="src_url"
          type="url"
          label={t('update.sourceUrl')}
          value={row.url}
          problems={problems}
          maxLength={2000}
        />
        <TextInput
          ctx={ctx}
          id={id('title')}
          name="src_title"
          label={t('update.sourceTitle')}
          value={row.title}
          problems={problems}
          maxLength={300}
        />
        <TextInput
          ctx={ctx}
          id={id('publisher')}
          name="src_publisher"
          label={t('update.sourcePublisher')}
          value={row.publisher}
          problems={problems}
          maxLength={200}
        />
        <TextInput
          ctx={ctx}
          id={id('date')}
          name="src_date"
          type="date"
          label={t('update.sourceDate')}
          value={row.date}
          problems={problems}
        />
      </div>
      <button type="submit" name="action" value={`remove-source-${index}`} class="secondary" formnovalidate>
        {t('update.removeSource', { n: index + 1 })}
      </button>
    </div>
  )
}

function IncidentFields(props: {
  ctx: PageContext
  row: IncidentRow
  index: number
  problems: FormProblem[]
  terms: Term[]
  freedoms: { value: string; label: string }[]
}) {
  const { ctx, row, index, problems, terms } = props
  const { t } = ctx
  const id = (field: string) => `inc_${field}-${index}`
  const termSelect = (field: 'type' | 'victim' | 'perpetrator', vocabularies: Term['vocabulary'][], empty: boolean) => (
    <Field ctx={ctx} id={id(field)} label={t(`incident.${field}`)} problems={problems}>
      {(tied) => (
        <select name={`inc_${field}`} {...tied}>
          {empty ? <option value="">{t('incident.notKnown')}</option> : <option value="">{''}</option>}
          <TermOptions ctx={ctx} terms={terms} vocabularies={vocabularies} chosen={[row[field]]} />
        </select>
      )}
    </Field>
  )
  return (
    <fieldset class="row-group">
      <legend>{t('update.incidentN', { n: index + 1 })}</legend>
      <div class="form-grid">
        <TextInput ctx={ctx} id={id('date')} name="inc_date" type="date" label={t('incident.date')} value={row.date} problems={problems} />
        <Select
          ctx={ctx}
          id={id('precision')}
          name="inc_precision"
          label={t('incident.precision')}
          value={row.precision}
          options={PRECISIONS.map((p) => ({ value: p, label: t(`precision.${p}`) }))}
          problems={problems}
        />
        <Select
          ctx={ctx}
          id={id('freedom')}
          name="inc_freedom"
          label={t('incident.freedom')}
          value={row.freedom}
          options={props.freedoms}
          problems={problems}
          empty=""
        />
        {termSelect('type', ['violation', 'positive'], false)}
        {termSelect('victim', ['victim'], true)}
        {termSelect('perpetrator', ['perpetrator'], true)}
        <TextInput
          ctx={ctx}
          id={id('locality')}
          name="inc_locality"
          label={t('incident.locality')}
          value={row.locality}
          problems={problems}
          maxLength={200}
        />
        <TextInput
          ctx={ctx}
          id={id('lat')}
          name="inc_lat"
          label={t('incident.latitude')}
          value={row.lat}
          problems={problems}
          maxLength={20}
        />
        <TextInput
          ctx={ctx}
          id={id('lon')}
          name="inc_lon"
          label={t('incident.longitude')}
          value={row.lon}
          problems={problems}
          maxLength={20}
        />
        {COUNTS.map((c) => (
          <TextInput
            ctx={ctx}
            id={id(c)}
            name={`inc_${c}`}
            type="number"
            label={t(`incident.${c}`)}
            value={row[c]}
            problems={problems}
            maxLength={7}
          />
        ))}
        <Select
          ctx={ctx}
          id={id('sensitivity')}
          name="inc_sensitivity"
          label={t('incident.sensitivity')}
          value={row.sensitivity}
          options={[
            { value: 'public', label: t('incident.public') },
            { value: 'restricted', label: t('incident.restricted') },
          ]}
          problems={problems}
        />
      </div>
      <TextArea
        ctx={ctx}
        id={id('notes')}
        label={t('incident.notes')}
        hint={t('incident.notesHint')}
        problems={problems}
        name="inc_notes"
        rows={2}
        maxLength={5000}
        value={row.notes}
      />
      <button type="submit" name="action" value={`remove-incident-${index}`} class="secondary" formnovalidate>
        {t('update.removeIncident', { n: index + 1 })}
      </button>
    </fieldset>
  )
}
