/**
 * Typed errors: routes throw these, the one error handler (lib/error-handler.ts) turns them
 * into an HTML page or a JSON body. `messageKey` names the catalog message for HTML pages.
 */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly details: { field: string; message: string; messageKey?: string; value?: string }[] = [],
  ) {
    super(message)
  }
}

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
