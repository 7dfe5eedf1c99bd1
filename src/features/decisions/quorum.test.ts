import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { tally, type Vote } from './quorum.js'

const RULE = { minVotes: 3, approvalShare: 0.5 }
const v = (vote: Vote) => ({ vote, conflict: false })
const conflict = { vote: null, conflict: true }

describe('tally', () => {
  it('needs at least three votes', () => {
    expect(tally([v('approve'), v('approve')], RULE).outcome).toBe('no_quorum')
    expect(tally([v('approve'), v('approve'), conflict, conflict], RULE).outcome).toBe('no_quorum')
    expect(tally([v('approve'), v('approve'), v('approve')], RULE).outcome).toBe('approved')
  })

  it('approves only with more approvals than half the votes; abstentions count as votes', () => {
    expect(tally([v('approve'), v('approve'), v('reject')], RULE).outcome).toBe('approved')
    expect(tally([v('approve'), v('reject'), v('abstain')], RULE).outcome).toBe('rejected')
    expect(tally([v('approve'), v('approve'), v('reject'), v('abstain')], RULE).outcome).toBe('rejected')
  })

  it('leaves conflicts out of the count', () => {
    const result = tally([v('approve'), v('approve'), v('abstain'), conflict], RULE)
    expect(result).toMatchObject({ approve: 2, abstain: 1, conflicts: 1, votes: 3, quorum: true, outcome: 'approved' })
  })

  it('never turns an approval into a rejection by adding an approval', () => {
    const votes = fc.array(fc.constantFrom<Vote>('approve', 'reject', 'abstain').map(v))
    fc.assert(
      fc.property(votes, (list) => {
        if (tally(list, RULE).outcome === 'approved') expect(tally([...list, v('approve')], RULE).outcome).toBe('approved')
      }),
    )
  })
})
