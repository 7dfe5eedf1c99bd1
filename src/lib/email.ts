/** One rule for what passes as an e-mail address, wherever one is typed (forms, API, command line). */
const ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
export const EMAIL_MAX_LENGTH = 254

export function isEmailAddress(text: string): boolean {
  return text.length >= 3 && text.length <= EMAIL_MAX_LENGTH && ADDRESS.test(text)
}

/** A plausible address, in the form the database keeps (trimmed, lower case), or null. */
export function normaliseEmail(typed: string): string | null {
  const email = typed.trim().toLowerCase()
  return isEmailAddress(email) ? email : null
}
