import type { ColumnType, Generated } from 'kysely'
import type { NameLocale } from '../lib/i18n.js'

/** Publications, accreditations and subscriptions (migrations 0007, 0008, 0010). */
export type PublicationKind = 'press_release' | 'watchlist_report' | 'annual_findings' | 'statement'
export type PublicationStatus = 'draft' | 'review' | 'scheduled' | 'published' | 'withdrawn'

export interface PublicationsTable {
  id: Generated<number>
  kind: PublicationKind
  status: Generated<PublicationStatus>
  embargo_until: Date | null
  /** The IANA zone the embargo was written in. */
  embargo_zone: Generated<string>
  published_at: Date | null
  /** Set, with the reason, when a published publication is withdrawn (it stays at its address, marked). */
  withdrawn_at: Date | null
  withdrawn_reason: string | null
  watchlist_edition_id: number | null
  findings_year: number | null
  created_by: number
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface PublicationQuote {
  text: string
  attribution: string
}

export interface PublicationContact {
  name: string
  role: string
  email: string
  phone: string
}

export interface PublicationTextsTable {
  id: Generated<number>
  publication_id: number
  language: NameLocale
  slug: string
  title: string
  summary: Generated<string>
  /** Markdown, rendered through lib/markdown.ts (sanitized). */
  body: Generated<string>
  quotes: ColumnType<PublicationQuote[], string | undefined, string>
  contacts: ColumnType<PublicationContact[], string | undefined, string>
}

export interface PublicationCountriesTable {
  publication_id: number
  country_code: string
}

export interface PublicationDecisionsTable {
  publication_id: number
  decision_id: number
}

export interface PublicationUpdatesTable {
  publication_id: number
  update_id: number
}

export type AttachmentMediaType = 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp'

export interface PublicationAttachmentsTable {
  id: Generated<number>
  publication_id: number
  file_name: string
  media_type: AttachmentMediaType
  byte_size: number
  sha256: string
  content: Buffer
  created_at: Generated<Date>
}

export interface PublicationCorrectionsTable {
  id: Generated<number>
  publication_id: number
  note: string
  before: ColumnType<unknown, string, string>
  corrected_by: number
  corrected_at: Date
}

export interface AccreditationsTable {
  id: Generated<number>
  name: string
  outlet: string
  email: string
  reason: string
  status: Generated<'pending' | 'approved' | 'refused' | 'revoked'>
  /** The language the request was written in; its e-mails use it. */
  language: Generated<NameLocale>
  user_id: number | null
  decided_by: number | null
  decided_at: Date | null
  created_at: Generated<Date>
}

export interface SubscriptionsTable {
  id: Generated<number>
  email: string
  language: NameLocale
  /** Empty: every country. */
  countries: ColumnType<string[], string[] | undefined, string[]>
  /** Empty: every kind. */
  kinds: ColumnType<PublicationKind[], PublicationKind[] | undefined, PublicationKind[]>
  token: string
  confirmed_at: Date | null
  created_at: Generated<Date>
}
