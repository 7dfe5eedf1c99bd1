import type { UpdateStatus } from '../../db/schema.js'
import { stepProblem, type FormProblem } from '../../lib/errors.js'
import { can, type CurrentUser } from '../../lib/policies.js'

/**
 * The life of a monitoring update. Writers (researchers for their countries, editors) draft and
 * submit; editors request changes, approve, schedule, correct and withdraw; the scheduler
 * publishes. One table says which step is allowed from which status, and who may take it.
 */
export type WorkflowAction = 'submit' | 'request_changes' | 'approve' | 'schedule' | 'unschedule' | 'withdraw'

const STEPS: Record<WorkflowAction, { from: UpdateStatus[]; to: UpdateStatus; by: 'write' | 'review' }> = {
  submit: { from: ['draft', 'changes_requested'], to: 'submitted', by: 'write' },
  request_changes: { from: ['submitted', 'approved'], to: 'changes_requested', by: 'review' },
  approve: { from: ['submitted'], to: 'approved', by: 'review' },
  schedule: { from: ['approved'], to: 'scheduled', by: 'review' },
  unschedule: { from: ['scheduled'], to: 'approved', by: 'review' },
  withdraw: { from: ['published'], to: 'withdrawn', by: 'review' },
}

export const WORKFLOW_ACTIONS = Object.keys(STEPS) as WorkflowAction[]

export function nextStatus(action: WorkflowAction): UpdateStatus {
  return STEPS[action].to
}

/** The steps this user may take on an update in this status. */
export function allowedActions(user: CurrentUser, update: { status: UpdateStatus; countryCode: string }): WorkflowAction[] {
  return WORKFLOW_ACTIONS.filter((action) => STEPS[action].from.includes(update.status) && mayTake(user, update, action))
}

/** Whether the user may take this step at all (writers submit; editors review), whatever the status. */
export function mayTake(user: CurrentUser, update: { countryCode: string }, action: WorkflowAction): boolean {
  return STEPS[action].by === 'write' ? can(user, 'update:write', update) : can(user, 'update:review')
}

/** A step refused: the problem names the update's status and the steps this user may take from it. */
export function updateStepProblem(status: UpdateStatus, allowed: WorkflowAction[]): FormProblem {
  return stepProblem(
    'workflow.problem.step',
    `status.${status}`,
    allowed.map((action) => `workflow.${action}` as const),
  )
}

/**
 * Whether the user may change the text. Writers edit drafts and updates sent back to them;
 * editors also edit during review; a published update changes only through a correction.
 */
export function mayEdit(user: CurrentUser, update: { status: UpdateStatus; countryCode: string }): boolean {
  if (!can(user, 'update:write', update) && !can(user, 'update:review')) return false
  if (update.status === 'draft' || update.status === 'changes_requested') return can(user, 'update:write', update)
  if (update.status === 'submitted' || update.status === 'approved') return can(user, 'update:review')
  return false
}

/** Editors correct a published update: the text changes and a dated note says what and why. */
export function mayCorrect(user: CurrentUser, update: { status: UpdateStatus }): boolean {
  return update.status === 'published' && can(user, 'update:review')
}

/** Who may see an unpublished update at all: its writers (by country) and editors. */
export function mayView(user: CurrentUser, update: { countryCode: string }): boolean {
  return can(user, 'update:write', update) || can(user, 'update:review')
}
