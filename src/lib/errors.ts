import { Type } from '@sinclair/typebox'
import { messageList, translator, type MessageKey, type MessageParams } from './i18n.js'

/**
 * What is wrong with one field of a form, in the reader's language: forms list these in their
 * error summary and beside the field; services refuse with them (see `refused`).
 */
export interface FormProblem {
  field: string
  message: MessageKey
  params?: MessageParams
}

/**
 * A workflow step not possible from a record's state, told at the workflow's title: the message
 * names the state and the steps possible from it, in the reader's language (the API's in English).
 */
export function stepProblem(message: MessageKey, state: MessageKey, possible: MessageKey[]): FormProblem {
  return { field: 'workflow-title', message, params: { state: messageList(state), steps: messageList(...possible) } }
}

/** The JSON body of every refusal and failure, as the error handler sends it. */
export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  }),
})

/**
 * Typed errors, the one error style: routes and services throw these through the factories
 * below, and the one error handler (web/error-handler.ts) turns them into an HTML page or a JSON
 * body. `messageKey` names the catalog message for HTML pages. A refusal also carries the
 * `problem` a form shows beside its field, so a route behind a form can show it there instead.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string; messageKey?: string; value?: string }[] = [],
    readonly problem?: FormProblem,
    /** Seconds the client should wait before trying again (`Retry-After`). */
    readonly retryAfter?: number,
  ) {
    super(message)
  }
}

const english = translator('en')

export function notFound(what = 'page'): HttpError {
  return new HttpError(404, 'not_found', `No such ${what}. Check the address, or start from the list of countries.`)
}

export function invalid(field: string, message: string, value?: string, messageKey?: string): HttpError {
  return new HttpError(400, 'invalid_request', `${field}: ${message}`, [{ field, message, value, messageKey }])
}

export function unauthorized(message = 'Sign in first.'): HttpError {
  return new HttpError(401, 'unauthorized', message)
}

export function forbidden(message = 'Your account may not do this.'): HttpError {
  return new HttpError(403, 'forbidden', message)
}

export function tooManyRequests(seconds: number): HttpError {
  return new HttpError(429, 'too_many_requests', `Too many attempts. Try again in ${seconds} seconds.`)
}

/** Too much work waits already: this read was shed (a 503 with Retry-After, not an error of ours). */
export function overloaded(seconds: number): HttpError {
  return new HttpError(
    503,
    'overloaded',
    `Too many readers are asking for pages at once. Try again in ${seconds} seconds.`,
    [],
    undefined,
    seconds,
  )
}

/** A conflict with the state of a record (someone else changed it, a step no longer possible). */
export function conflict(code: string, message: string): HttpError {
  return new HttpError(409, code, message)
}

/**
 * A domain rule refuses the request, as one field's problem: its English text is the API's
 * message, and a route behind a form shows the problem beside the field (see `refusalOf`).
 */
export function refused(problem: FormProblem, statusCode = 409, code = 'refused'): HttpError {
  return new HttpError(statusCode, code, english(problem.message, problem.params), [], problem)
}

/** The form problem of a refusal, or undefined for any other error (which the caller rethrows). */
export function refusalOf(error: unknown): FormProblem | undefined {
  return error instanceof HttpError ? error.problem : undefined
}

/** A request whose fields have several problems: each in English in `details`. */
export function invalidRequest(code: string, message: string, problems: FormProblem[]): HttpError {
  return new HttpError(
    422,
    code,
    message,
    problems.map((p) => ({ field: p.field, message: english(p.message, p.params) })),
  )
}

/** Whether an error is the typed error with this code (a route answering one conflict its own way). */
export function isHttpError(error: unknown, code: string): error is HttpError {
  return error instanceof HttpError && error.code === code
}
