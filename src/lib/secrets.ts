import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

/**
 * Random secrets handed to people (session ids, one-time links, API tokens, CSRF tokens)
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
