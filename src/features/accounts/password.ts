import { hash, verify } from '@node-rs/argon2'
import { dictionary } from '@zxcvbn-ts/language-common'

/**
 * Password rules and hashing. Long passphrases are encouraged: the only rules are a minimum
 * length, a maximum (hashing cost), and not being a common password or the e-mail address.
 * Hashes are argon2id with OWASP's recommended parameters.
 */
export const MIN_PASSWORD = 12
export const MAX_PASSWORD = 256

const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()))

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsEmail'

export function passwordProblem(password: string, email?: string): PasswordProblem | null {
  const length = [...password].length
  if (length < MIN_PASSWORD) return 'tooShort'
  if (length > MAX_PASSWORD) return 'tooLong'
  const lower = password.toLowerCase()
  if (COMMON.has(lower) || COMMON.has(lower.replace(/\d+$/, '')) || /^(.)\1+$/.test(lower)) return 'common'
  const local = email?.split('@')[0]?.toLowerCase()
  if (local && local.length >= 4 && lower.includes(local)) return 'containsEmail'
  return null
}

const ARGON2ID = 2 // Algorithm.Argon2id, a const enum the compiler settings cannot import
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 }

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS)
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password)
  } catch {
    return false
  }
}

/** Verifying against this when an account does not exist keeps the answer time the same. */
let dummy: Promise<string> | undefined
export async function burnPasswordCheck(password: string): Promise<void> {
  dummy ??= hashPassword('not a real password, only here for timing')
  await verifyPassword(await dummy, password)
}
