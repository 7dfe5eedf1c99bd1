import type { QuorumRule } from '../methodology/methodology.js'

export type Vote = 'approve' | 'reject' | 'abstain'

export interface Tally {
  approve: number
  reject: number
  abstain: number
  /** Panelists who declared a conflict of interest: they do not vote. */
  conflicts: number
  votes: number
  /** Enough votes were cast for the panel to decide. */
  quorum: boolean
  /** What closing the vote now would decide. */
  outcome: 'approved' | 'rejected' | 'no_quorum'
}

/** Counts a panel's votes under a quorum rule (default: at least 3 votes and a majority of approvals). */
export function tally(votes: { vote: Vote | null; conflict: boolean }[], rule: QuorumRule): Tally {
  const count = (v: Vote) => votes.filter((x) => !x.conflict && x.vote === v).length
  const approve = count('approve')
  const reject = count('reject')
  const abstain = count('abstain')
  const cast = approve + reject + abstain
  const quorum = cast >= rule.minVotes
  const outcome = !quorum ? 'no_quorum' : approve > cast * rule.approvalShare ? 'approved' : 'rejected'
  return { approve, reject, abstain, conflicts: votes.filter((x) => x.conflict).length, votes: cast, quorum, outcome }
}
