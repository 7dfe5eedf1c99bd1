import { formatDate } from '../../lib/i18n.js'
import { formatInstant } from '../../lib/time-zones.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import type { FormProblem } from '../../lib/errors.js'
import { INTRODUCTION_MAX, TITLE_MAX, type EditionForm } from './watchlist-form.js'
import type { EditionSummary } from './watchlist.queries.js'
import { CsrfField, ErrorSummary, TextArea, TextInput } from '../../web/forms.js'

/** The editors' list of watchlist editions, and the form that starts a new one. */
export function EditionListPage({ ctx, editions }: { ctx: PageContext; editions: EditionSummary[] }) {
  const { t, locale } = ctx
  const base = href(ctx, '/workspace/watchlist')
  return (
    <Layout ctx={ctx} title={t('watchlist.editionsTitle')}>
      <h1 id="editions-title">{t('watchlist.editionsTitle')}</h1>
      <p class="lead">{t('watchlist.editionsLead')}</p>
      <p>
        <a href={`${base}/new`}>{t('watchlist.newTitle')}</a> · <a href={href(ctx, '/watchlist')}>{t('watchlist.publicLink')}</a>
      </p>
      {editions.length === 0 ? (
        <p>{t('watchlist.noEditions')}</p>
      ) : (
        <TableScroll labelledBy="editions-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('watchlist.editionTitle')}</th>
                <th scope="col">{t('watchlist.editionDate')}</th>
                <th scope="col">{t('watchlist.status')}</th>
                <th scope="col">{t('watchlist.countriesColumn')}</th>
                <th scope="col">{t('watchlist.publishedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {editions.map((e) => (
                <tr>
                  <td>
                    <a href={`${base}/${e.id}`}>{e.title}</a>
                  </td>
                  <td>{formatDate(locale, e.editionDate)}</td>
                  <td>{t(`watchlist.status.${e.status}`)}</td>
                  <td class="number">{e.countries}</td>
                  <td>{e.publishedAt ? formatInstant(locale, e.publishedAt) : '–'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}

/** Title, date and introduction: shared by the new-edition form and a draft's page. */
export function EditionFields({ ctx, form, problems }: { ctx: PageContext; form: EditionForm; problems: FormProblem[] }) {
  const { t } = ctx
  return (
    <>
      <div class="form-grid">
        <TextInput
          ctx={ctx}
          id="title"
          label={t('watchlist.editionTitle')}
          value={form.title}
          problems={problems}
          maxLength={TITLE_MAX}
          required
        />
        <TextInput
          ctx={ctx}
          id="edition_date"
          type="date"
          label={t('watchlist.editionDate')}
          value={form.editionDate}
          problems={problems}
          required
        />
      </div>
      <TextArea
        ctx={ctx}
        id="introduction"
        label={t('watchlist.introduction')}
        hint={t('watchlist.markdownHint')}
        problems={problems}
        rows={10}
        maxLength={INTRODUCTION_MAX}
        value={form.introduction}
      />
    </>
  )
}

export function NewEditionPage(props: { ctx: PageContext; form: EditionForm; problems: FormProblem[]; csrf: string }) {
  const { ctx } = props
  const { t } = ctx
  const base = href(ctx, '/workspace/watchlist')
  return (
    <Layout ctx={ctx} title={t('watchlist.newTitle')}>
      <p class="breadcrumb">
        <a href={base}>{t('watchlist.editionsTitle')}</a>
      </p>
      <h1>{t('watchlist.newTitle')}</h1>
      <p class="lead">{t('watchlist.newLead')}</p>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      <form class="update-form" method="post" action={`${base}/new`}>
        <CsrfField token={props.csrf} />
        <EditionFields ctx={ctx} form={props.form} problems={props.problems} />
        <div class="form-actions">
          <button type="submit">{t('watchlist.create')}</button>
        </div>
      </form>
    </Layout>
  )
}
