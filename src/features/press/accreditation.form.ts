import { Type } from '@sinclair/typebox'
import type { FormProblem } from '../../lib/errors.js'
import { normaliseEmail } from '../../lib/email.js'

/**
 * The accreditation request as typed (name, media organisation, e-mail, reason) and its checks:
 * one message per field, the typed values kept. The schema is generous on lengths so that a
 * too-long answer gets its field's message, not a bare 400.
 */
export const RequestBody = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 1000 })),
  outlet: Type.Optional(Type.String({ maxLength: 1000 })),
  email: Type.Optional(Type.String({ maxLength: 1000 })),
  reason: Type.Optional(Type.String({ maxLength: 20_000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
export interface RequestBody {
  name?: string
  outlet?: string
  email?: string
  reason?: string
}

export interface RequestForm {
  name: string
  outlet: string
  email: string
  reason: string
}

export interface AccreditationRequest extends RequestForm {
  /** Lower case, as the database keeps it. */
  email: string
}

export const EMPTY_REQUEST: RequestForm = { name: '', outlet: '', email: '', reason: '' }

export function readRequestForm(body: RequestBody): RequestForm {
  return {
    name: (body.name ?? '').trim(),
    outlet: (body.outlet ?? '').trim(),
    email: (body.email ?? '').trim(),
    reason: (body.reason ?? '').trim(),
  }
}

export function checkRequest(form: RequestForm): { ok: true; request: AccreditationRequest } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = []
  const email = normaliseEmail(form.email)
  // The name goes into an e-mail from us before anyone has read the request: one plain line, no links.
  if (form.name.length < 1 || form.name.length > 200 || !plainLine(form.name))
    problems.push({ field: 'name', message: 'accreditation.problem.name' })
  if (form.outlet.length < 1 || form.outlet.length > 200 || !plainLine(form.outlet))
    problems.push({ field: 'outlet', message: 'accreditation.problem.outlet' })
  if (!email) problems.push({ field: 'email', message: 'accreditation.problem.email' })
  if (form.reason.length < 1 || form.reason.length > 4000) problems.push({ field: 'reason', message: 'accreditation.problem.reason' })
  if (problems.length > 0 || !email) return { ok: false, problems }
  return { ok: true, request: { ...form, email } }
}

/** One line of text without control characters or web addresses. */
function plainLine(text: string): boolean {
  return !/[\p{Cc}\p{Cf}]/u.test(text) && !/:\/\/|www\./i.test(text)
}
