import { formatDate } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { formatInstant } from '../../lib/time-zones.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../../lib/errors.js'
import { RATIONALE_MAX, type EditionForm, type EntryForm } from './watchlist-form.js'
import { EditionFields } from './watchlist-list.views.js'
import type { Edition } from './watchlist.queries.js'
import { CsrfField, ErrorSummary, Select, TextArea } from '../../web/forms.js'

/**
 * A country the scoring engine suggests for the watchlist (a serious, rapid decline). The
 * engine computes these; this page only shows them, and editors decide.
 */
export interface WatchlistCandidate {
  code: string
  name: string
  /** How far the computed score fell, in points. */
  drop: number
  reason: string
}

export interface EditionPageModel {
  edition: Edition
  /** Country names in the page's language, by code. */
  names: Map<string, string>
  /** Countries that can still be added, by name. */
  addable: { code: string; name: string }[]
  problems: FormProblem[]
  /** What the editor typed, when a form comes back refused. */
  typed: { edition?: EditionForm; entry?: EntryForm; rationales?: Record<string, string> }
  csrf: string
  notice: string | null
  /** Suggested by the engine (optional slot): shown with an "add" shortcut when given. */
  candidates?: WatchlistCandidate[]
}

export function EditionPage({ ctx, model }: { ctx: PageContext; model: EditionPageModel }) {
  const { t, locale } = ctx
  const { edition } = model
  const published = edition.status === 'published'
  const base = href(ctx, `/workspace/watchlist/${edition.id}`)
  return (
    <Layout ctx={ctx} title={edition.title}>
      <p class="breadcrumb">
        <a href={href(ctx, '/workspace/watchlist')}>{t('watchlist.editionsTitle')}</a>
      </p>
      <h1>{edition.title}</h1>
      <p>
        {t(`watchlist.status.${edition.status}`)}
        {edition.publishedAt && <> · {t('watchlist.publishedOn', { date: formatInstant(locale, edition.publishedAt) })}</>}
      </p>
      {model.notice && (
        <p class="notice" role="status">
          {model.notice}
        </p>
      )}
      <ErrorSummary ctx={ctx} problems={model.problems} />
      {published ? (
        <>
          <div class="notice" role="note" id="read-only">
            <p>{t('watchlist.readOnly')}</p>
            <p>
              <a href={href(ctx, `/watchlist/${edition.id}`)}>{t('watchlist.viewPublic')}</a>
            </p>
          </div>
          <ReadOnlyEdition ctx={ctx} model={model} />
        </>
      ) : (
        <DraftEdition ctx={ctx} model={model} base={base} />
      )}
    </Layout>
  )
}

function ReadOnlyEdition({ ctx, model }: { ctx: PageContext; model: EditionPageModel }) {
  const { t, locale } = ctx
  const { edition } = model
  return (
    <>
      <dl class="facts">
        <dt>{t('watchlist.editionDate')}</dt>
        <dd>{formatDate(locale, edition.editionDate)}</dd>
      </dl>
      <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(edition.introduction) }} />
      <h2>{t('watchlist.countries')}</h2>
      <ol>
        {edition.entries.map((e) => (
          <li>
            <h3>{model.names.get(e.countryCode) ?? e.countryCode}</h3>
            <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(e.rationale) }} />
          </li>
        ))}
      </ol>
    </>
  )
}

function DraftEdition({ ctx, model, base }: { ctx: PageContext; model: EditionPageModel; base: string }) {
  const { t } = ctx
  const { edition, problems, typed } = model
  const form: EditionForm = typed.edition ?? { title: edition.title, editionDate: edition.editionDate, introduction: edition.introduction }
  const entry: EntryForm = typed.entry ?? { country: '', rationale: '' }
  const count = edition.entries.length
  return (
    <>
      <section aria-labelledby="details-title">
        <h2 id="details-title">{t('watchlist.details')}</h2>
        <form class="update-form" method="post" action={base}>
          <CsrfField token={model.csrf} />
          <EditionFields ctx={ctx} form={form} problems={problems} />
          <div class="form-actions">
            <button type="submit">{t('watchlist.saveDetails')}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="entries">
        <h2 id="entries">{t('watchlist.countries')}</h2>
        {count === 0 && <p>{t('watchlist.noCountries')}</p>}
        <ol>
          {edition.entries.map((e, i) => {
            const name = model.names.get(e.countryCode) ?? e.countryCode
            const field = `rationale-${e.countryCode}`
            return (
              <li>
                <form class="row-group" method="post" action={`${base}/entries/${e.countryCode}`}>
                  <CsrfField token={model.csrf} />
                  <h3>{name}</h3>
                  <TextArea
                    ctx={ctx}
                    id={field}
                    label={t('watchlist.rationaleFor', { country: name })}
                    problems={problems}
                    name="rationale"
                    rows={5}
                    maxLength={RATIONALE_MAX}
                    value={typed.rationales?.[e.countryCode] ?? e.rationale}
                  />
                  <div class="form-actions">
                    <button type="submit" name="action" value="save">
                      {t('watchlist.saveRationale')}
                    </button>
                    {i > 0 && (
                      <button
                        type="submit"
                        name="action"
                        value="up"
                        class="secondary"
                        aria-label={t('watchlist.moveUpLabel', { country: name })}
                      >
                        {t('watchlist.moveUp')}
                      </button>
                    )}
                    {i < count - 1 && (
                      <button
                        type="submit"
                        name="action"
                        value="down"
                        class="secondary"
                        aria-label={t('watchlist.moveDownLabel', { country: name })}
                      >
                        {t('watchlist.moveDown')}
                      </button>
                    )}
                    <button
                      type="submit"
                      name="action"
                      value="remove"
                      class="secondary"
                      aria-label={t('watchlist.removeLabel', { country: name })}
                    >
                      {t('watchlist.remove')}
                    </button>
                  </div>
                </form>
              </li>
            )
          })}
        </ol>
      </section>

      {model.candidates && model.candidates.length > 0 && <Candidates ctx={ctx} model={model} base={base} />}

      <section aria-labelledby="add-entry">
        <h2 id="add-entry">{t('watchlist.addCountry')}</h2>
        <form class="update-form" method="post" action={`${base}/entries`}>
          <CsrfField token={model.csrf} />
          <Select
            ctx={ctx}
            id="country"
            label={t('watchlist.country')}
            value={entry.country}
            options={model.addable.map((c) => ({ value: c.code, label: c.name }))}
            problems={problems}
            empty=""
          />
          <TextArea
            ctx={ctx}
            id="rationale"
            label={t('watchlist.rationale')}
            hint={t('watchlist.markdownHint')}
            problems={problems}
            rows={5}
            maxLength={RATIONALE_MAX}
            value={entry.rationale}
          />
          <div class="form-actions">
            <button type="submit">{t('watchlist.add')}</button>
          </div>
        </form>
      </section>

      <section aria-labelledby="publish">
        <h2 id="publish">{t('watchlist.publishTitle')}</h2>
        <p class="hint">{t('watchlist.publishHint')}</p>
        <form class="inline-form" method="post" action={`${base}/publish`}>
          <CsrfField token={model.csrf} />
          <button type="submit">{t('watchlist.publish')}</button>
        </form>
      </section>
    </>
  )
}

/** The engine's suggestions: each with an "add" shortcut that fills the add form (nothing is saved until the editor adds it). */
function Candidates({ ctx, model, base }: { ctx: PageContext; model: EditionPageModel; base: string }) {
  const { t } = ctx
  const listed = new Set(model.edition.entries.map((e) => e.countryCode))
  return (
    <section aria-labelledby="candidates">
      <h2 id="candidates">{t('watchlist.candidates')}</h2>
      <p class="hint">{t('watchlist.candidatesHint')}</p>
      <ul class="update-list">
        {model.candidates!.map((c) => (
          <li>
            <strong>{c.name}</strong> · {t('watchlist.candidateDrop', { count: Math.round(c.drop * 10) / 10 })}
            <p>{c.reason}</p>
            {listed.has(c.code) ? (
              <p class="meta">{t('watchlist.candidateListed')}</p>
            ) : (
              <a
                href={`${base}?candidate=${encodeURIComponent(c.code)}#add-entry`}
                aria-label={t('watchlist.candidateAddLabel', { country: c.name })}
              >
                {t('watchlist.candidateAdd')}
              </a>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
