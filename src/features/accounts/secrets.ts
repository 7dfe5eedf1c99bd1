import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Random secrets handed to people (session ids, one-time links, API tokens, recovery codes)
 * and the one-way form the database keeps. Only the hash is stored: a copy of the database
 * signs nobody in.
 */
export function newToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url')
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}

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
