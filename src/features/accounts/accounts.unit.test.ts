import { generate } from 'otplib'
import { describe, expect, it } from 'vitest'
import { checkNewPasswordForm } from './new-password-form.js'
import { burnPasswordCheck, hashPassword, passwordProblem, verifyPassword } from './password.js'
import { newRecoveryCodes, normaliseRecoveryCode } from './recovery-codes.js'
import { newToken, sameSecret, sha256 } from '../../lib/secrets.js'
import { checkTotp, newTotpSecret, totpQrDataUrl, totpUri } from './totp.js'

describe('password rules', () => {
  it('accepts a long passphrase and refuses short, huge, common and e-mail-based ones', () => {
    expect(passwordProblem('correct horse battery staple')).toBeNull()
    expect(passwordProblem('short1!')).toBe('tooShort')
    expect(passwordProblem('x'.repeat(257))).toBe('tooLong')
    expect(passwordProblem('password1234')).toBe('common')
    expect(passwordProblem('1qaz2wsx3edc')).toBe('common')
    expect(passwordProblem('Qwerty123456')).toBe('common')
    expect(passwordProblem('aaaaaaaaaaaaaaaa')).toBe('common')
    expect(passwordProblem('fictional.researcher-2030', 'fictional.researcher@example.org')).toBe('containsEmail')
  })

  it('counts characters, not bytes', () => {
    expect(passwordProblem('пароль-пароль')).toBeNull() // 13 characters, 25 bytes
    expect(passwordProblem('كلمة سر')).toBe('tooShort')
  })

  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery staple')
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true)
    expect(await verifyPassword(stored, 'correct horse battery stapl')).toBe(false)
    expect(await verifyPassword('not a hash', 'anything')).toBe(false)
    await expect(burnPasswordCheck('anything')).resolves.toBeUndefined()
  })
})

describe('the new-password form', () => {
  const secret = newTotpSecret()
  const now = new Date('2030-06-01T12:00:00Z')
  const account = { email: 'fictional.editor@example.org', totpSecret: secret, lastStep: null }

  it('lists every problem at once: the password and the code', async () => {
    const checked = await checkNewPasswordForm({ password: 'short', confirm: 'short', code: '000000' }, account, now)
    expect(checked).toEqual({
      ok: false,
      problems: [
        { field: 'password', problem: 'tooShort' },
        { field: 'code', problem: 'wrong' },
      ],
    })
  })

  it("gives the accepted code's time step, or the last one when the account asks for no code", async () => {
    const password = 'correct horse battery staple'
    const code = await generate({ secret, epoch: Math.floor(now.getTime() / 1000) })
    expect(await checkNewPasswordForm({ password, confirm: password, code }, account, now)).toEqual({
      ok: true,
      step: Math.floor(now.getTime() / 30_000),
    })
    const noCode = { ...account, totpSecret: null, lastStep: 7 }
    expect(await checkNewPasswordForm({ password, confirm: password, code: '' }, noCode, now)).toEqual({ ok: true, step: 7 })
    expect(await checkNewPasswordForm({ password, confirm: 'other', code: '' }, noCode, now)).toEqual({
      ok: false,
      problems: [{ field: 'password', problem: 'mismatch' }],
    })
  })
})

describe('TOTP', () => {
  const secret = newTotpSecret()
  const at = (iso: string) => new Date(iso)
  const codeAt = (iso: string) => generate({ secret, epoch: Math.floor(at(iso).getTime() / 1000) })

  it('accepts the current code and its neighbours, once', async () => {
    const now = '2030-01-01T12:00:10Z'
    const first = await checkTotp(secret, await codeAt(now), { now: at(now), lastStep: null })
    expect(first.ok).toBe(true)
    const step = first.ok ? first.step : -1
    expect(await checkTotp(secret, await codeAt(now), { now: at(now), lastStep: step })).toEqual({ ok: false, reason: 'replayed' })
    const previous = await codeAt('2030-01-01T11:59:45Z')
    expect((await checkTotp(secret, previous, { now: at(now), lastStep: null })).ok).toBe(true)
    expect(await checkTotp(secret, previous, { now: at(now), lastStep: step })).toEqual({ ok: false, reason: 'replayed' })
  })

  it('refuses old, malformed and wrong codes', async () => {
    const now = '2030-01-01T12:00:10Z'
    expect(await checkTotp(secret, await codeAt('2030-01-01T11:58:00Z'), { now: at(now), lastStep: null })).toEqual({
      ok: false,
      reason: 'wrong',
    })
    for (const bad of ['', '12345', '1234567', 'abcdef'])
      expect((await checkTotp(secret, bad, { now: at(now), lastStep: null })).ok).toBe(false)
    const code = await codeAt(now)
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0')
    expect((await checkTotp(secret, wrong, { now: at(now), lastStep: null })).ok).toBe(false)
    expect((await checkTotp(secret, `${code.slice(0, 3)} ${code.slice(3)}`, { now: at(now), lastStep: null })).ok).toBe(true)
  })

  it('gives an otpauth URI and a QR code drawn as SVG', async () => {
    expect(totpUri(secret, 'fictional@example.org')).toMatch(
      /^otpauth:\/\/totp\/Civic%20Monitor:fictional%40example\.org\?secret=[A-Z2-7]+/,
    )
    const url = await totpQrDataUrl(secret, 'fictional@example.org')
    expect(Buffer.from(url.replace('data:image/svg+xml;base64,', ''), 'base64').toString()).toMatch(/^<svg /)
  })
})

describe('secrets', () => {
  it('makes unguessable tokens and compares hashes in constant time', () => {
    const a = newToken()
    expect(a).toMatch(/^[\w-]{43}$/)
    expect(newToken()).not.toBe(a)
    expect(sha256(a)).not.toContain(a)
    expect(sameSecret(sha256(a), sha256(a))).toBe(true)
    expect(sameSecret(sha256(a), sha256(`${a}x`))).toBe(false)
  })

  it('makes ten distinct recovery codes without look-alike characters, read back loosely', () => {
    const codes = newRecoveryCodes()
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}$/)
    expect(normaliseRecoveryCode(` ${codes[0]!.toUpperCase().replace(/-/g, ' ')} `)).toBe(codes[0])
  })
})
