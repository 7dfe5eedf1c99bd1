import { generateSecret, generateURI, verify } from 'otplib'
import QRCode from 'qrcode'

/**
 * Time-based one-time passwords (RFC 6238: SHA-1, 6 digits, 30 s), as authenticator apps
 * expect. A code is accepted from the previous, current or next 30 s step, once: the step of
 * the last accepted code is stored, and a code from that step or an earlier one is a replay.
 */
const PERIOD = 30
const ISSUER = 'Civic Monitor'

export function newTotpSecret(): string {
  return generateSecret()
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: ISSUER, label: email, secret })
}

/** The enrolment QR code as an SVG data URL: drawn on the server, no script, no other host. */
export async function totpQrDataUrl(secret: string, email: string): Promise<string> {
  const svg = await QRCode.toString(totpUri(secret, email), { type: 'svg', margin: 2, errorCorrectionLevel: 'M' })
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'replayed' }

export async function checkTotp(secret: string, code: string, options: { now: Date; lastStep: number | null }): Promise<TotpCheck> {
  const token = code.replace(/\s/g, '')
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: 'wrong' }
  const result = await verify({ secret, token, epoch: Math.floor(options.now.getTime() / 1000), epochTolerance: PERIOD })
  if (!result.valid || !('epoch' in result)) return { ok: false, reason: 'wrong' }
  const step = Math.floor(result.epoch / PERIOD)
  if (options.lastStep !== null && step <= options.lastStep) return { ok: false, reason: 'replayed' }
  return { ok: true, step }
}
