import { Type } from '@sinclair/typebox'
import { zonedToUtc } from '../../lib/time-zones.js'
import type { FormProblem } from '../../lib/errors.js'
import type { UpdateStatus } from '../../db/schema.js'
import { updateStepProblem, WORKFLOW_ACTIONS, type WorkflowAction } from './workflow.js'

/** The review forms beside an update: which step, and what it needs (a comment, a time, a reason). */
export const WorkflowBodySchema = Type.Object({
  action: Type.String({ maxLength: 40 }),
  comment: Type.Optional(Type.String({ maxLength: 10_000 })),
  publish_at: Type.Optional(Type.String({ maxLength: 40 })),
  zone: Type.Optional(Type.String({ maxLength: 60 })),
  reason: Type.Optional(Type.String({ maxLength: 10_000 })),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
export interface WorkflowBody {
  action: string
  comment?: string
  publish_at?: string
  zone?: string
  reason?: string
}

/** What was typed in the review forms, shown again when a step is refused (a page without them typed nothing). */
export interface TypedStep {
  comment: string
  reason: string
}

export function typedStepIn(body: unknown): TypedStep {
  const fields = (body ?? {}) as Record<string, unknown>
  const text = (value: unknown) => (typeof value === 'string' ? value : '')
  return { comment: text(fields.comment), reason: text(fields.reason) }
}

export type CheckedStep =
  | { ok: true; action: WorkflowAction; details: { comment?: string; publishAt?: Date; reason?: string } }
  | { ok: false; problem: FormProblem }

/** The step asked for, if this user may take it from the update's status, with what it needs. */
export function checkStep(body: WorkflowBody, status: UpdateStatus, allowed: WorkflowAction[]): CheckedStep {
  const action = body.action as WorkflowAction
  if (!WORKFLOW_ACTIONS.includes(action) || !allowed.includes(action)) return { ok: false, problem: updateStepProblem(status, allowed) }
  const comment = (body.comment ?? '').trim()
  const reason = (body.reason ?? '').trim()
  if (action === 'request_changes' && (!comment || comment.length > 5000))
    return { ok: false, problem: { field: 'comment', message: 'workflow.problem.comment' } }
  if (action === 'withdraw' && (!reason || reason.length > 2000))
    return { ok: false, problem: { field: 'reason', message: 'workflow.problem.reason' } }
  if (action === 'schedule') {
    const publishAt = zonedToUtc((body.publish_at ?? '').trim(), body.zone ?? 'UTC')
    if (!publishAt) return { ok: false, problem: { field: 'publish_at', message: 'workflow.problem.publishAt' } }
    return { ok: true, action, details: { publishAt } }
  }
  return { ok: true, action, details: { ...(comment ? { comment } : {}), ...(reason ? { reason } : {}) } }
}
