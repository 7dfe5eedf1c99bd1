import type { FastifySchemaValidationError } from 'fastify/types/schema.js'

/**
 * Turns schema validation failures into messages a person can act on: what was wrong and how
 * to write it instead. Used by the error handler for both JSON and HTML answers.
 */
export interface FieldProblem {
  field: string
  message: string
  /** Catalog key for the HTML page, when a translated explanation exists. */
  messageKey?: 'error.invalidDate' | 'error.invalidChoice' | 'error.invalidParameter'
  value?: string
}

export function describeValidation(errors: FastifySchemaValidationError[], input: Record<string, unknown>): FieldProblem[] {
  return errors.map((error) => {
    const field = fieldName(error)
    const raw = input[field]
    const value = typeof raw === 'string' ? raw : raw === undefined ? undefined : JSON.stringify(raw)
    const params = error.params
    if (error.keyword === 'format' && params.format === 'date') {
      return {
        field,
        value,
        messageKey: 'error.invalidDate',
        message: `must be a calendar date in the form YYYY-MM-DD, for example 2021-03-19 (got ${JSON.stringify(value)})`,
      }
    }
    if (error.keyword === 'enum' || error.keyword === 'const' || error.keyword === 'anyOf') {
      const allowed = Array.isArray(params.allowedValues) ? `: use one of ${params.allowedValues.join(', ')}` : ''
      return { field, value, messageKey: 'error.invalidChoice', message: `has an unexpected value ${JSON.stringify(value)}${allowed}` }
    }
    if (error.keyword === 'required') return { field, message: 'is required' }
    return { field, value, messageKey: 'error.invalidParameter', message: error.message ?? 'is not valid' }
  })
}

function fieldName(error: FastifySchemaValidationError): string {
  const params = error.params
  if (typeof params.missingProperty === 'string') return params.missingProperty
  return error.instancePath.replace(/^\//, '').replace(/\//g, '.') || 'request'
}
