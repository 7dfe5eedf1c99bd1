import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { h } from 'preact'
import { localeOfUrl, type MessageKey } from '../lib/i18n.js'
import { HttpError, notFound } from '../lib/errors.js'
import { describeValidation } from '../lib/validation-messages.js'
import { renderDocument } from './layout.js'
import { ErrorPage } from './error.views.js'
import { pageContext, pathWithoutLocale } from './page-context.js'
import type { Assets } from './assets.js'

/**
 * The one place errors become responses. API and health routes answer JSON
 * `{"error": {code, message, details}}`; everything else answers an HTML page in the reader's
 * language. 4xx say what was wrong; 5xx are logged with the request id and say nothing more.
 */
export function registerErrorHandling(app: FastifyInstance, assets: Assets, publicUrl: string): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const problem = toProblem(error, request)
    if (error instanceof HttpError && error.retryAfter) reply.header('Retry-After', String(error.retryAfter))
    else if (problem.statusCode >= 500) request.log.error({ err: error }, 'request failed')
    return send(request, reply, problem)
  })
  app.setNotFoundHandler((request, reply) => {
    const error = notFound()
    return send(request, reply, { statusCode: 404, code: error.code, message: error.message, details: [] })
  })

  function send(request: FastifyRequest, reply: FastifyReply, problem: Problem) {
    reply.code(problem.statusCode).header('Cache-Control', 'no-store')
    if (wantsJson(request)) {
      const details = problem.details.map(({ field, message }) => ({ field, message }))
      return reply.send({ error: { code: problem.code, message: problem.message, ...(details.length ? { details } : {}) } })
    }
    const locale = localeOfUrl(request.url)
    const ctx = pageContext(locale, pathWithoutLocale(request.url, locale), assets, publicUrl)
    const model = { statusCode: problem.statusCode, requestId: String(request.id), details: problem.details }
    return reply.type('text/html; charset=utf-8').send(renderDocument(h(ErrorPage, { ctx, model })))
  }
}

interface Problem {
  statusCode: number
  code: string
  message: string
  details: { field: string; message: string; messageKey?: MessageKey; value?: string }[]
}

function toProblem(error: FastifyError, request: FastifyRequest): Problem {
  if (error.validation) {
    const source = error.validationContext === 'params' ? request.params : error.validationContext === 'body' ? request.body : request.query
    const details = describeValidation(error.validation, (source ?? {}) as Record<string, unknown>)
    return { statusCode: 400, code: 'invalid_request', message: details.map((d) => `${d.field} ${d.message}`).join('; '), details }
  }
  if (error instanceof HttpError) {
    return { statusCode: error.statusCode, code: error.code, message: error.message, details: error.details as Problem['details'] }
  }
  const status = error.statusCode ?? 500
  if (status < 500) return { statusCode: status, code: error.code ?? 'bad_request', message: error.message, details: [] }
  return {
    statusCode: 500,
    code: 'internal_error',
    message: `Something went wrong on our side; it has been logged as ${request.id}.`,
    details: [],
  }
}

function wantsJson(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0] ?? ''
  return path.startsWith('/api/') || path === '/health' || path === '/ready'
}
