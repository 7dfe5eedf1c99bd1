import { Layout } from '../../web/layout.js'
import type { PageContext } from '../../web/page-context.js'

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string }
  paths: Record<string, Record<string, Operation>>
}
interface Operation {
  summary?: string
  description?: string
  tags?: string[]
  parameters?: {
    name: string
    in: string
    required?: boolean
    description?: string
    schema?: { type?: string; format?: string; pattern?: string }
  }[]
  responses?: Record<string, { description?: string }>
}

/** A readable page generated from the OpenAPI document: works without JavaScript. */
export function ApiDocsPage({ ctx, doc }: { ctx: PageContext; doc: OpenApiDocument }) {
  const { t } = ctx
  const endpoints = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  )
  return (
    <Layout ctx={ctx} title={t('api.title')} section="api">
      <h1>{t('api.title')}</h1>
      <p class="lead">{doc.info.description}</p>
      <p>
        {t('api.openapi')} <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1,{' '}
        {t('api.version', { version: doc.info.version })})
      </p>
      {endpoints.map(({ path, method, op }) => (
        <section class="endpoint" aria-label={`${method} ${path}`}>
          <h2>
            <code>
              {method} {path}
            </code>
          </h2>
          {op.summary && (
            <p>
              <strong>{op.summary}</strong>
            </p>
          )}
          {op.description && <p>{op.description}</p>}
          {op.parameters && op.parameters.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('api.parameter')}</th>
                  <th scope="col">{t('api.in')}</th>
                  <th scope="col">{t('api.description')}</th>
                </tr>
              </thead>
              <tbody>
                {op.parameters.map((p) => (
                  <tr>
                    <td>
                      <code>{p.name}</code>
                      {p.required ? ` (${t('api.required')})` : ''}
                    </td>
                    <td>{p.in}</td>
                    <td>{p.description ?? p.schema?.format ?? p.schema?.type ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p>
            {t('api.responses')}{' '}
            {Object.keys(op.responses ?? {}).map((code, i) => (
              <>
                {i > 0 && ', '}
                <code>{code}</code>
              </>
            ))}
          </p>
          {method === 'GET' && !path.includes('{') && (
            <p>
              <a href={path}>{t('api.try', { path })}</a>
            </p>
          )}
        </section>
      ))}
    </Layout>
  )
}
