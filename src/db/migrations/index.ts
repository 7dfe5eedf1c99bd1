import type { Migration } from 'kysely'
import * as m0001 from './0001_countries_ratings.js'
import * as m0002 from './0002_accounts_audit.js'
import * as m0003 from './0003_totp_pending.js'
import * as m0004 from './0004_updates_incidents.js'
import * as m0005 from './0005_token_use_not_audited.js'
import * as m0006 from './0006_methodology_decisions.js'
import * as m0007 from './0007_publications.js'
import * as m0008 from './0008_accreditation_language_revoked.js'
import * as m0009 from './0009_publishing_owner.js'
import * as m0010 from './0010_withdrawal_mailings.js'
import * as m0011 from './0011_public_content_version.js'

/** Every migration, in order. Never edit one that has landed: add the next. */
export const migrations: Record<string, Migration> = {
  '0001_countries_ratings': m0001,
  '0002_accounts_audit': m0002,
  '0003_totp_pending': m0003,
  '0004_updates_incidents': m0004,
  '0005_token_use_not_audited': m0005,
  '0006_methodology_decisions': m0006,
  '0007_publications': m0007,
  '0008_accreditation_language_revoked': m0008,
  '0009_publishing_owner': m0009,
  '0010_withdrawal_mailings': m0010,
  '0011_public_content_version': m0011,
}
