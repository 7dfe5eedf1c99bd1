import type { MessageKey } from '../lib/i18n.js'
import { Layout } from './layout.js'
import { href, type PageContext } from './page-context.js'

export interface ErrorModel {
  statusCode: number
  requestId: string
  details: { field: string; message: string; messageKey?: MessageKey; value?: string }[]
}

export function ErrorPage({ ctx, model }: { ctx: PageContext; model: ErrorModel }) {
  const { t } = ctx
  const kind =
    model.statusCode === 404
      ? 'notFound'
      : model.statusCode === 401 || model.statusCode === 403
        ? 'forbidden'
        : model.statusCode < 500
          ? 'badRequest'
          : model.statusCode === 503
            ? 'busy'
            : 'serverError'
  const title = t(`error.${kind}.title`)
  return (
    <Layout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p class="lead">{t(`error.${kind}.text`, { requestId: model.requestId })}</p>
      {model.details.length > 0 && (
        <ul class="error-details">
          {model.details.map((d) => (
            <li>{d.messageKey ? t(d.messageKey, { field: d.field, value: d.value ?? '' }) : `${d.field}: ${d.message}`}</li>
          ))}
        </ul>
      )}
      <p>
        <a href={href(ctx, '/')}>{t('error.home')}</a> · <a href={href(ctx, '/countries')}>{t('countries.title')}</a>
      </p>
    </Layout>
  )
}
