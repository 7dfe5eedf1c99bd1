import { formatDate } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import type { FormProblem } from '../../lib/errors.js'
import { termLabel, type Term } from '../updates/updates.queries.js'
import { BAND_CATEGORIES, FIELD, indicatorField, severityField, type IndicatorRow, type MethodologyForm } from './methodology.form.js'
import type { MethodologyVersion } from './methodology.queries.js'
import { MethodologyDetails } from './methodology.public.views.js'
import { Checkbox, Choices, CsrfField, ErrorSummary, FieldGroup, Select, TextArea, TextInput } from '../../web/forms.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/** The back office of methodology versions: the list, the draft form, the publishing step. */
const day = (instant: Date) => instant.toISOString().slice(0, 10)

export function MethodologyListPage(props: {
  ctx: PageContext
  base: string
  versions: MethodologyVersion[]
  inForceId: number | null
  typed: { label: string; from: string }
  problems: FormProblem[]
  csrf: string
}) {
  const { ctx, versions } = props
  const { t, locale } = ctx
  return (
    <Layout ctx={ctx} title={t('methodology.admin.title')}>
      <h1>{t('methodology.admin.title')}</h1>
      <p class="lead">{t('methodology.admin.lead')}</p>
      <TableScroll labelledBy="versions-caption">
        <table>
          <caption id="versions-caption">{t('methodology.admin.versions')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('methodology.version')}</th>
              <th scope="col">{t('methodology.admin.status')}</th>
              <th scope="col">{t('methodology.publishedOn')}</th>
            </tr>
          </thead>
          <tbody>
            {versions.map((v) => (
              <tr>
                <th scope="row">
                  <a href={`${props.base}/${v.id}`}>{v.label}</a>
                </th>
                <td>
                  {t(v.status === 'draft' ? 'methodology.admin.draft' : 'methodology.admin.published')}
                  {v.id === props.inForceId && ` · ${t('methodology.inForce')}`}
                </td>
                <td>{v.publishedAt ? formatDate(locale, day(v.publishedAt)) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
      <h2 id="new-draft">{t('methodology.admin.newDraft')}</h2>
      <p>{t('methodology.admin.newDraftHint')}</p>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      <form class="stack-form" method="post" action={props.base}>
        <CsrfField token={props.csrf} />
        <TextInput
          ctx={ctx}
          id="label"
          label={t('methodology.admin.label')}
          hint={t('methodology.admin.labelHint')}
          problems={props.problems}
          value={props.typed.label}
          maxLength={40}
          required
        />
        <Select
          ctx={ctx}
          id="from"
          label={t('methodology.admin.from')}
          problems={props.problems}
          options={versions.map((v) => ({
            value: String(v.id),
            label: `${v.label} · ${t(v.status === 'draft' ? 'methodology.admin.draft' : 'methodology.admin.published')}`,
          }))}
          value={props.typed.from}
        />
        <div class="form-actions">
          <button type="submit">{t('methodology.admin.create')}</button>
        </div>
      </form>
    </Layout>
  )
}

export interface EditModel {
  version: MethodologyVersion
  form: MethodologyForm
  violations: Term[]
  problems: FormProblem[]
  notice: string | null
  csrf: string
  base: string
}

/** A draft as a form, or a published version as it reads, with the way back to the list. */
export function MethodologyEditPage({ ctx, model }: { ctx: PageContext; model: EditModel }) {
  const { t } = ctx
  const { version, form, problems } = model
  const draft = version.status === 'draft'
  const title = t(draft ? 'methodology.admin.editTitle' : 'methodology.admin.viewTitle', { label: version.label })
  const action = `${model.base}/${version.id}`
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={model.base}>{t('methodology.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      {model.notice && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} problems={problems} />
      {!draft && (
        <>
          <p class="notice">{t('methodology.admin.readOnly')}</p>
          <MethodologyDetails ctx={ctx} config={version.config} violations={model.violations} />
          <Notes ctx={ctx} notes={version.notes} />
        </>
      )}
      {draft && (
        <>
          <form class="update-form" method="post" action={action}>
            <CsrfField token={model.csrf} />
            <DraftFields ctx={ctx} form={form} violations={model.violations} problems={problems} />
            <div class="form-actions">
              <button type="submit" name="action" value="save">
                {t('methodology.admin.save')}
              </button>
              <button type="submit" name="action" value="save-publish" class="secondary">
                {t('methodology.admin.saveAndPublish')}
              </button>
            </div>
          </form>
          <form class="inline-form" method="post" action={`${action}/delete`}>
            <CsrfField token={model.csrf} />
            <button type="submit" class="secondary">
              {t('methodology.admin.delete', { label: version.label })}
            </button>
          </form>
        </>
      )}
    </Layout>
  )
}

function DraftFields({
  ctx,
  form,
  violations,
  problems,
}: {
  ctx: PageContext
  form: MethodologyForm
  violations: Term[]
  problems: FormProblem[]
}) {
  const { t, locale } = ctx
  const num = (id: string, label: string, value: string, hint?: string) => (
    <TextInput ctx={ctx} id={id} label={label} value={value} problems={problems} hint={hint} inputMode="decimal" maxLength={20} />
  )
  const termName = (key: string) =>
    termLabel(
      violations.find((v) => v.key === key),
      locale,
    ) || key
  return (
    <>
      <FieldGroup
        ctx={ctx}
        problems={problems}
        id="indicators"
        legend={t('methodology.keyScores')}
        hint={t('methodology.admin.indicatorsHint')}
      >
        {form.indicators.map((row, i) => (
          <IndicatorFields ctx={ctx} row={row} index={i} problems={problems} />
        ))}
        <button type="submit" name="action" value="add-indicator" class="secondary" formnovalidate>
          {t('methodology.admin.addIndicator')}
        </button>
      </FieldGroup>
      <FieldGroup
        ctx={ctx}
        problems={problems}
        id="components"
        legend={t('methodology.components')}
        hint={t('methodology.admin.weightsHint')}
      >
        <div class="form-grid">
          {num(FIELD.keyScores, t('methodology.keyScores'), form.components.keyScores)}
          {num(FIELD.keyAnalysis, t('methodology.keyAnalysis'), form.components.keyAnalysis)}
          {num(FIELD.partnerInput, t('methodology.partnerInput'), form.components.partnerInput)}
        </div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="assessments" legend={t('methodology.admin.assessments')}>
        <div class="form-grid">
          {num(FIELD.partnerTrendPoints, t('methodology.admin.trendPoints'), form.partnerTrendPoints)}
          {num(FIELD.assessmentMaxAgeMonths, t('methodology.admin.assessmentAge'), form.assessmentMaxAgeMonths)}
        </div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="incident-signal" legend={t('methodology.incidentSignal')}>
        <div class="form-grid">
          {num(FIELD.windowMonths, t('methodology.admin.windowMonths'), form.incident.windowMonths)}
          {num(FIELD.baselineYears, t('methodology.admin.baselineYears'), form.incident.baselineYears)}
          {num(FIELD.pointsPerDoubling, t('methodology.pointsPerDoubling'), form.incident.pointsPerDoubling)}
          {num(FIELD.maxPoints, t('methodology.maxPoints'), form.incident.maxPoints)}
          {num(FIELD.smoothing, t('methodology.smoothing'), form.incident.smoothing)}
          {num(FIELD.perKilled, t('methodology.perKilled'), form.incident.perKilled)}
        </div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="severity" legend={t('methodology.severity')} hint={t('methodology.admin.severityHint')}>
        <div class="form-grid">{Object.entries(form.severity).map(([key, value]) => num(severityField(key), termName(key), value))}</div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="overall" legend={t('methodology.overall')} hint={t('methodology.admin.weightsHint')}>
        <div class="form-grid">{FREEDOMS.map((f) => num(`overall_${f}`, t(`freedom.${f}`), form.overall[f]))}</div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="bands" legend={t('methodology.categories')} hint={t('methodology.admin.bandsHint')}>
        <div class="form-grid">{BAND_CATEGORIES.map((c) => num(`band_${c}`, t(`category.${c}`), form.bands[c]))}</div>
      </FieldGroup>
      <FieldGroup ctx={ctx} problems={problems} id="quorum" legend={t('methodology.admin.quorum')}>
        <div class="form-grid">
          {num(FIELD.minVotes, t('methodology.admin.minVotes'), form.quorum.minVotes)}
          {num(
            FIELD.approvalShare,
            t('methodology.admin.approvalShare'),
            form.quorum.approvalShare,
            t('methodology.admin.approvalShareHint'),
          )}
        </div>
      </FieldGroup>
      <TextArea
        ctx={ctx}
        id={FIELD.notes}
        label={t('methodology.notes')}
        hint={t('methodology.admin.notesHint')}
        problems={problems}
        rows={10}
        maxLength={20000}
        value={form.notes}
      />
    </>
  )
}

function IndicatorFields({ ctx, row, index, problems }: { ctx: PageContext; row: IndicatorRow; index: number; problems: FormProblem[] }) {
  const { t } = ctx
  const id = (field: string) => indicatorField(index, field)
  const text = (field: 'key' | 'name' | 'source', label: string, maxLength: number) => (
    <TextInput ctx={ctx} id={id(field)} label={label} value={row[field]} problems={problems} maxLength={maxLength} />
  )
  const num = (field: 'min' | 'max' | 'weight' | 'max_age', label: string) => (
    <TextInput ctx={ctx} id={id(field)} label={label} value={row[field]} problems={problems} inputMode="decimal" maxLength={20} />
  )
  return (
    <div class="row-group" role="group" aria-labelledby={id('title')}>
      <p>
        <strong id={id('title')}>{t('methodology.admin.indicatorN', { n: index + 1 })}</strong>
      </p>
      {text('name', t('methodology.indicator'), 200)}
      <div class="form-grid">
        {text('key', t('methodology.admin.key'), 40)}
        {text('source', t('methodology.source'), 200)}
        {num('min', t('methodology.admin.scaleMin'))}
        {num('max', t('methodology.admin.scaleMax'))}
        {num('weight', t('methodology.weight'))}
        {num('max_age', t('methodology.admin.maxAgeYears'))}
      </div>
      <Choices
        ctx={ctx}
        id={id('freedoms')}
        legend={t('methodology.freedoms')}
        problems={problems}
        options={FREEDOMS.map((f) => ({ value: f, label: t(`freedom.${f}`) }))}
        chosen={row.freedoms}
      />
      <Checkbox ctx={ctx} id={id('higher')} label={t('methodology.higherIsFreer')} checked={row.higherIsFreer} />
      <div>
        <button type="submit" name="action" value={`remove-indicator-${index}`} class="secondary" formnovalidate>
          {t('methodology.admin.removeIndicator', { n: index + 1 })}
        </button>
      </div>
    </div>
  )
}

function Notes({ ctx, notes }: { ctx: PageContext; notes: string }) {
  if (notes.trim() === '') return null
  return (
    <section aria-labelledby="notes">
      <h2 id="notes">{ctx.t('methodology.notes')}</h2>
      <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(notes) }} />
    </section>
  )
}

/** The publishing step: the draft as the public will read it, and one clearly labelled button. */
export function PublishPage(props: { ctx: PageContext; version: MethodologyVersion; violations: Term[]; csrf: string; base: string }) {
  const { ctx, version } = props
  const { t } = ctx
  const title = t('methodology.admin.publishTitle', { label: version.label })
  return (
    <Layout ctx={ctx} title={title}>
      <p class="breadcrumb">
        <a href={props.base}>{t('methodology.admin.title')}</a>
      </p>
      <h1>{title}</h1>
      <p class="notice">{t('methodology.admin.publishWarning')}</p>
      <form class="form-actions inline-form" method="post" action={`${props.base}/${version.id}/publish`}>
        <CsrfField token={props.csrf} />
        <button type="submit">{t('methodology.admin.publish', { label: version.label })}</button>
        <a href={`${props.base}/${version.id}`}>{t('methodology.admin.backToDraft')}</a>
      </form>
      <MethodologyDetails ctx={ctx} config={version.config} violations={props.violations} />
      <Notes ctx={ctx} notes={version.notes} />
    </Layout>
  )
}
