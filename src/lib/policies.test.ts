import { describe, expect, it } from 'vitest'
import { currentUser } from '../../test/helpers/factories.js'
import { can } from './policies.js'

const user = currentUser

describe('resource-level abilities', () => {
  it('limits researchers to the countries they are assigned to; editors write anywhere', () => {
    const researcher = user(['researcher'], ['XQA'])
    expect(can(researcher, 'update:write', { countryCode: 'XQA' })).toBe(true)
    expect(can(researcher, 'update:write', { countryCode: 'XQB' })).toBe(false)
    expect(can(user(['researcher']), 'update:write', { countryCode: 'XQA' })).toBe(false)
    expect(can(user(['editor']), 'update:write', { countryCode: 'XQB' })).toBe(true)
    expect(can(user(['panelist', 'journalist']), 'update:write', { countryCode: 'XQA' })).toBe(false)
    expect(can(null, 'update:write', { countryCode: 'XQA' })).toBe(false)
  })

  it('leaves review to editors', () => {
    expect(can(user(['researcher'], ['XQA']), 'update:review')).toBe(false)
    expect(can(user(['editor']), 'update:review')).toBe(true)
  })
})
