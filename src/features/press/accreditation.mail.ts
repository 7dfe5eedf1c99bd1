import { localePrefix, translator, type Locale } from '../../lib/i18n.js'
import type { Mail } from '../mail/outbox.js'

/**
 * The journalist's e-mails: acknowledgment (in the language of the page they wrote from) and
 * the decision, in the language the request was written in.
 */

function letter(language: Locale, to: string, name: string, subject: string, lines: string[]): Mail {
  const t = translator(language)
  return { to, subject, body: [t('accreditation.mail.hello', { name }), '', ...lines, '', t('accreditation.mail.signature')].join('\n') }
}

export function receivedMail(language: Locale, to: string, name: string): Mail {
  const t = translator(language)
  return letter(language, to, name, t('accreditation.mail.receivedSubject'), [
    t('accreditation.mail.received'),
    '',
    t('accreditation.mail.notYou'),
  ])
}

/** Approved, no account yet: the one-time set-up link of the invitation. */
export function invitationMail(language: Locale, publicUrl: string, to: string, name: string, setupToken: string): Mail {
  const t = translator(language)
  const link = `${publicUrl}${localePrefix(language)}/account/setup/${setupToken}`
  return letter(language, to, name, t('accreditation.mail.approvedSubject'), [t('accreditation.mail.approvedInvite'), '', link])
}

/** Approved, an existing account: the role takes effect at the next sign-in. */
export function accessMail(language: Locale, publicUrl: string, to: string, name: string): Mail {
  const t = translator(language)
  const link = `${publicUrl}${localePrefix(language)}/sign-in`
  return letter(language, to, name, t('accreditation.mail.approvedSubject'), [t('accreditation.mail.approvedExisting'), '', link])
}

export function refusalMail(language: Locale, to: string, name: string): Mail {
  const t = translator(language)
  return letter(language, to, name, t('accreditation.mail.refusedSubject'), [t('accreditation.mail.refused')])
}
