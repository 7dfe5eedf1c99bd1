import { randomBytes } from 'node:crypto'

const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789' // no look-alikes (0/o, 1/l/i)

/** Ten codes like "k7mq-2xpd-9fta", each used once when the authenticator is lost. */
export function newRecoveryCodes(count = 10): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(12)
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('')
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`
  })
}

/** Recovery codes compare without case, spaces or dashes. */
export function normaliseRecoveryCode(input: string): string {
  const bare = input.toLowerCase().replace(/[\s-]/g, '')
  return bare.length === 12 ? `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8, 12)}` : bare
}
