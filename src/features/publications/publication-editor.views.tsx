import type { ContentLanguage } from '../../db/schema.js'
import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { PUBLICATION_KINDS } from '../../lib/vocabularies.js'
import { CONTACT_SLOTS, QUOTE_SLOTS, type PublicationForm, type TextForm } from './publication-form.js'
import { CsrfField, ErrorSummary, FieldGroup, Select, TextArea, TextInput } from '../../web/forms.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

export interface PublicationEditorModel {
  action: string
  heading: string
  csrf: string
  form: PublicationForm
  problems: FormProblem[]
  countries: { code: string; name: string }[]
  editions: { id: number; title: string; date: string }[]
  /** A correction of a published publication: a note is required and published slugs are fixed. */
  correction: { note: string; fixedSlugs: ContentLanguage[] } | null
}

/**
 * Writing a publication: its kind, countries and links, and one fieldset per language version
 * (a version exists when it has a title). Works without JavaScript; languages other than English
 * are folded until opened or filled in.
 */
export function PublicationEditor({ ctx, model }: { ctx: PageContext; model: PublicationEditorModel }) {
  const { t } = ctx
  const { form, problems, correction } = model
  return (
    <Layout ctx={ctx} title={model.heading}>
      <h1 id="publication-title">{model.heading}</h1>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form method="post" action={model.action} class="stacked" novalidate>
        <CsrfField token={model.csrf} />
        {correction && (
          <TextArea
            ctx={ctx}
            id="note"
            label={t('publication.form.note')}
            hint={t('publication.form.noteHint')}
            problems={problems}
            rows={3}
            maxLength={2000}
            required
            value={correction.note}
          />
        )}
        <Select
          ctx={ctx}
          id="kind"
          label={t('publication.form.kind')}
          value={form.kind}
          options={PUBLICATION_KINDS.map((k) => ({ value: k, label: t(`publication.kind.${k}`) }))}
          problems={problems}
          empty={t('publication.form.chooseKind')}
        />
        <Select
          ctx={ctx}
          id="countries"
          label={t('publication.form.countries')}
          hint={t('publication.form.countriesHint')}
          problems={problems}
          options={model.countries.map((c) => ({ value: c.code, label: c.name }))}
          value={form.countries}
          multiple
          size={8}
        />
        <TextInput
          ctx={ctx}
          id="decisions"
          label={t('publication.form.decisions')}
          hint={t('publication.form.decisionsHint')}
          value={form.decisions}
          problems={problems}
        />
        <TextInput
          ctx={ctx}
          id="updates"
          label={t('publication.form.updates')}
          hint={t('publication.form.updatesHint')}
          value={form.updates}
          problems={problems}
        />
        <Select
          ctx={ctx}
          id="watchlist_edition"
          label={t('publication.form.watchlistEdition')}
          value={form.watchlistEdition}
          options={model.editions.map((e) => ({ value: String(e.id), label: `${e.title} (${e.date})` }))}
          problems={problems}
          empty={t('publication.form.noEdition')}
        />
        <TextInput
          ctx={ctx}
          id="findings_year"
          label={t('publication.form.findingsYear')}
          hint={t('publication.form.findingsYearHint')}
          value={form.findingsYear}
          problems={problems}
          maxLength={4}
        />
        <p class="hint">{t('publication.form.languagesHint')}</p>
        {CONTENT_LANGUAGES.map((language) => (
          <LanguageFields
            ctx={ctx}
            language={language}
            text={form.texts[language]}
            problems={problems}
            slugFixed={model.correction?.fixedSlugs.includes(language) ?? false}
          />
        ))}
        <button type="submit">{model.correction ? t('publication.form.saveCorrection') : t('publication.form.save')}</button>
      </form>
    </Layout>
  )
}

function LanguageFields(props: {
  ctx: PageContext
  language: ContentLanguage
  text: TextForm
  problems: FormProblem[]
  slugFixed: boolean
}) {
  const { ctx, language: l, text, problems } = props
  const { t } = ctx
  const dir = l === 'ar' ? 'rtl' : undefined
  const hasProblem = problems.some((p) => p.field.endsWith(`_${l}`) || p.field.includes(`_${l}_`))
  const open = l === 'en' || Boolean(text.title) || hasProblem
  const quotes = [...text.quotes, ...Array.from({ length: QUOTE_SLOTS }, () => ({ text: '', attribution: '' }))].slice(0, QUOTE_SLOTS)
  const contacts = [...text.contacts, ...Array.from({ length: CONTACT_SLOTS }, () => ({ name: '', role: '', email: '', phone: '' }))].slice(
    0,
    CONTACT_SLOTS,
  )
  return (
    <details class="language-version" open={open}>
      <summary>{t('publication.form.version', { language: t(`language.${l}`) })}</summary>
      <fieldset lang={l} dir={dir}>
        <legend class="visually-hidden">{t('publication.form.version', { language: t(`language.${l}`) })}</legend>
        <TextInput ctx={ctx} id={`title_${l}`} label={t('publication.form.title')} value={text.title} problems={problems} maxLength={300} />
        {props.slugFixed ? (
          <p>
            {t('publication.form.slug')}: <code>{text.slug}</code>
            <input type="hidden" name={`slug_${l}`} value={text.slug} />
          </p>
        ) : (
          <TextInput
            ctx={ctx}
            id={`slug_${l}`}
            label={t('publication.form.slug')}
            hint={t('publication.form.slugHint')}
            value={text.slug}
            problems={problems}
            maxLength={120}
          />
        )}
        <TextArea
          ctx={ctx}
          id={`summary_${l}`}
          label={t('publication.form.summary')}
          hint={t('publication.form.summaryHint')}
          problems={problems}
          rows={3}
          maxLength={2000}
          value={text.summary}
        />
        <TextArea
          ctx={ctx}
          id={`body_${l}`}
          label={t('publication.form.body')}
          hint={t('publication.form.bodyHint')}
          problems={problems}
          rows={l === 'en' ? 16 : 10}
          maxLength={100000}
          value={text.body}
        />
        <fieldset>
          <legend>{t('publication.form.quotes')}</legend>
          {quotes.map((quote, i) => (
            <div class="pair">
              <TextArea
                ctx={ctx}
                id={`quote_${l}_${i}`}
                label={t('publication.form.quote', { n: i + 1 })}
                problems={problems}
                rows={2}
                maxLength={2000}
                value={quote.text}
              />
              <TextInput
                ctx={ctx}
                id={`quote_by_${l}_${i}`}
                label={t('publication.form.attribution')}
                value={quote.attribution}
                problems={problems}
                maxLength={300}
              />
            </div>
          ))}
        </fieldset>
        <FieldGroup
          ctx={ctx}
          id={`contacts_${l}`}
          legend={t('publication.form.contacts')}
          hint={t('publication.form.contactsHint')}
          problems={problems}
        >
          {contacts.map((contact, i) => (
            <div class="pair">
              {(['name', 'role', 'email', 'phone'] as const).map((part) => (
                <TextInput
                  ctx={ctx}
                  id={`contact_${part}_${l}_${i}`}
                  label={t(`publication.form.contact.${part}`, { n: i + 1 })}
                  value={contact[part]}
                  problems={problems}
                  maxLength={200}
                />
              ))}
            </div>
          ))}
        </FieldGroup>
      </fieldset>
    </details>
  )
}
