import { describe, expect, it } from 'vitest'
import { currentUser } from '../../../test/helpers/factories.js'
import type { Role, UpdateStatus } from '../../db/schema.js'
import { allowedActions, mayCorrect, mayEdit, mayView } from './workflow.js'

const user = currentUser
const researcher = user(['researcher'], ['XQA'])
const editor = user(['editor'])
const at = (status: UpdateStatus, countryCode = 'XQA') => ({ status, countryCode })

describe('update workflow', () => {
  it('lets a researcher submit drafts of assigned countries only, and nothing else', () => {
    expect(allowedActions(researcher, at('draft'))).toEqual(['submit'])
    expect(allowedActions(researcher, at('changes_requested'))).toEqual(['submit'])
    expect(allowedActions(researcher, at('draft', 'XQB'))).toEqual([])
    for (const status of ['submitted', 'approved', 'scheduled', 'published', 'withdrawn'] as const)
      expect(allowedActions(researcher, at(status))).toEqual([])
  })

  it('gives editors the review steps in the right order', () => {
    expect(allowedActions(editor, at('submitted'))).toEqual(['request_changes', 'approve'])
    expect(allowedActions(editor, at('approved'))).toEqual(['request_changes', 'schedule'])
    expect(allowedActions(editor, at('scheduled'))).toEqual(['unschedule'])
    expect(allowedActions(editor, at('published'))).toEqual(['withdraw'])
    expect(allowedActions(editor, at('withdrawn'))).toEqual([])
  })

  it('lets nobody else act, see or edit', () => {
    for (const roles of [['panelist'], ['journalist'], ['admin']] as Role[][]) {
      expect(allowedActions(user(roles), at('submitted'))).toEqual([])
      expect(mayView(user(roles), at('draft'))).toBe(false)
      expect(mayEdit(user(roles), at('draft'))).toBe(false)
    }
  })

  it('freezes the text once submitted, except for editors, and published text only changes by correction', () => {
    expect(mayEdit(researcher, at('draft'))).toBe(true)
    expect(mayEdit(researcher, at('submitted'))).toBe(false)
    expect(mayEdit(editor, at('submitted'))).toBe(true)
    expect(mayEdit(editor, at('published'))).toBe(false)
    expect(mayCorrect(editor, at('published'))).toBe(true)
    expect(mayCorrect(researcher, at('published'))).toBe(false)
  })
})
