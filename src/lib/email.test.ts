import { describe, expect, it } from 'vitest'
import { isEmailAddress, normaliseEmail } from './email.js'

describe('e-mail addresses', () => {
  it('accepts a plausible address and keeps it trimmed and in lower case', () => {
    expect(normaliseEmail('  Ana.Example@Example.ORG ')).toBe('ana.example@example.org')
    expect(isEmailAddress('press@example.org')).toBe(true)
  })

  it('refuses what cannot be an address, or one longer than 254 characters', () => {
    for (const text of ['', 'press', 'press@example', 'pr ess@example.org', '@example.org', `${'a'.repeat(250)}@example.org`])
      expect(isEmailAddress(text), text).toBe(false)
    expect(normaliseEmail('no address')).toBeNull()
  })
})
