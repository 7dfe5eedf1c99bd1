import { formatInstant } from '../../lib/time-zones.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import type { FormProblem } from '../../lib/errors.js'
import type { RequestForm } from './accreditation.form.js'
import type { Accreditation } from './accreditation.queries.js'
import { CsrfField, EmailInput, ErrorSummary, TextArea, TextInput } from '../../web/forms.js'

/** The public request form and its answer; the editors' list with its decisions. */
export function RequestPage(props: { ctx: PageContext; csrf: string; form: RequestForm; problems: FormProblem[] }) {
  const { ctx, form, problems } = props
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accreditation.title')} section="press">
      <h1>{t('accreditation.title')}</h1>
      <p class="lead">{t('accreditation.lead')}</p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <form class="stack-form" method="post" action={href(ctx, '/press/accreditation')}>
        <CsrfField token={props.csrf} />
        <TextInput
          ctx={ctx}
          id="name"
          label={t('accreditation.name')}
          problems={problems}
          autocomplete="name"
          required
          maxLength={200}
          value={form.name}
        />
        <TextInput
          ctx={ctx}
          id="outlet"
          label={t('accreditation.outlet')}
          hint={t('accreditation.outletHint')}
          problems={problems}
          autocomplete="organization"
          required
          maxLength={200}
          value={form.outlet}
        />
        <EmailInput
          ctx={ctx}
          label={t('accreditation.email')}
          hint={t('accreditation.emailHint')}
          problems={problems}
          autocomplete="email"
          value={form.email}
        />
        <TextArea
          ctx={ctx}
          id="reason"
          label={t('accreditation.reason')}
          hint={t('accreditation.reasonHint')}
          problems={problems}
          rows={6}
          required
          maxLength={4000}
          value={form.reason}
        />
        <p class="hint">{t('accreditation.privacy')}</p>
        <button type="submit">{t('accreditation.submit')}</button>
      </form>
    </Layout>
  )
}

/** One answer for every request: new, already pending, known address or not. */
export function RequestSentPage({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <Layout ctx={ctx} title={t('accreditation.sentTitle')} section="press">
      <h1>{t('accreditation.sentTitle')}</h1>
      <p class="notice" role="status">
        {t('accreditation.sent')}
      </p>
    </Layout>
  )
}

export function AccreditationsPage(props: {
  ctx: PageContext
  csrf: string
  accreditations: Accreditation[]
  notice: string | null
  problem: string | null
}) {
  const { ctx, csrf } = props
  const { t, locale } = ctx
  const when = (instant: Date) => formatInstant(locale, instant)
  const pending = props.accreditations.filter((a) => a.status === 'pending')
  const decided = props.accreditations.filter((a) => a.status !== 'pending')
  const action = (a: Accreditation, what: string) => href(ctx, `/workspace/accreditations/${a.id}/${what}`)
  const who = (a: Accreditation) => <span class="visually-hidden">{`: ${a.name}`}</span>
  return (
    <Layout ctx={ctx} title={t('accreditation.workspace.title')}>
      <h1>{t('accreditation.workspace.title')}</h1>
      {props.notice && (
        <p class="notice" role="status">
          {props.notice}
        </p>
      )}
      {props.problem && (
        <p class="notice form-problems" role="alert">
          {props.problem}
        </p>
      )}
      <h2 id="pending-title">{t('accreditation.workspace.pending')}</h2>
      <p class="hint">{t('accreditation.workspace.approveHint')}</p>
      {pending.length === 0 ? (
        <p>{t('accreditation.workspace.noPending')}</p>
      ) : (
        <TableScroll labelledBy="pending-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accreditation.name')}</th>
                <th scope="col">{t('accreditation.outlet')}</th>
                <th scope="col">{t('accreditation.email')}</th>
                <th scope="col">{t('accreditation.reason')}</th>
                <th scope="col">{t('accreditation.col.received')}</th>
                <th scope="col">{t('accreditation.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {pending.map((a) => (
                <tr>
                  <th scope="row">{a.name}</th>
                  <td>{a.outlet}</td>
                  <td>{a.email}</td>
                  <td>{a.reason}</td>
                  <td>{when(a.createdAt)}</td>
                  <td>
                    <form method="post" action={action(a, 'decision')} class="form-actions">
                      <CsrfField token={csrf} />
                      <button type="submit" name="decision" value="approve">
                        {t('accreditation.approve')}
                        {who(a)}
                      </button>
                      <button type="submit" name="decision" value="refuse" class="secondary">
                        {t('accreditation.refuse')}
                        {who(a)}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      <h2 id="decided-title">{t('accreditation.workspace.decided')}</h2>
      {decided.length === 0 ? (
        <p>{t('accreditation.workspace.noDecided')}</p>
      ) : (
        <TableScroll labelledBy="decided-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('accreditation.name')}</th>
                <th scope="col">{t('accreditation.outlet')}</th>
                <th scope="col">{t('accreditation.email')}</th>
                <th scope="col">{t('accreditation.col.status')}</th>
                <th scope="col">{t('accreditation.col.decided')}</th>
                <th scope="col">{t('accreditation.col.decidedBy')}</th>
                <th scope="col">{t('accreditation.col.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {decided.map((a) => (
                <tr>
                  <th scope="row">{a.name}</th>
                  <td>{a.outlet}</td>
                  <td>{a.email}</td>
                  <td>{t(`accreditation.status.${a.status}`)}</td>
                  <td>{a.decidedAt ? when(a.decidedAt) : ''}</td>
                  <td>{a.decidedBy?.name ?? ''}</td>
                  <td>
                    {a.status === 'approved' && (
                      <form method="post" action={action(a, 'revoke')}>
                        <CsrfField token={csrf} />
                        <button type="submit" class="secondary">
                          {t('accreditation.revoke')}
                          {who(a)}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}
