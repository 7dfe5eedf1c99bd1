import type { ColumnType, Generated } from 'kysely'
import type { Category } from './schema-ratings.js'
import type { NameLocale } from '../lib/i18n.js'
import type {
  AssessmentsTable,
  DecisionEvidenceTable,
  DecisionVotesTable,
  IndicatorValuesTable,
  MethodologyVersionsTable,
  RatingDecisionsTable,
  WatchlistEditionsTable,
  WatchlistEntriesTable,
} from './schema-ratings.js'
import type {
  AccreditationsTable,
  PublicationAttachmentsTable,
  PublicationCorrectionsTable,
  PublicationCountriesTable,
  PublicationDecisionsTable,
  PublicationsTable,
  PublicationTextsTable,
  PublicationUpdatesTable,
  SubscriptionsTable,
} from './schema-press.js'

export type * from './schema-ratings.js'
export type * from './schema-press.js'

/**
 * The tables as Kysely sees them. Each migration that changes a table changes this file or one of
 * the files it gathers (schema-ratings.ts, schema-press.ts); everything is imported from here.
 */
export interface DB {
  countries: CountriesTable
  ratings: RatingsTable
  content_version: ContentVersionTable
  organisations: OrganisationsTable
  users: UsersTable
  user_roles: UserRolesTable
  researcher_countries: ResearcherCountriesTable
  sessions: SessionsTable
  account_tokens: AccountTokensTable
  recovery_codes: RecoveryCodesTable
  api_tokens: ApiTokensTable
  audit_log: AuditLogTable
  sign_in_failures: SignInFailuresTable
  outbox: OutboxTable
  taxonomy_terms: TaxonomyTermsTable
  updates: UpdatesTable
  update_tags: UpdateTagsTable
  update_sources: UpdateSourcesTable
  incidents: IncidentsTable
  update_revisions: UpdateRevisionsTable
  update_comments: UpdateCommentsTable
  update_corrections: UpdateCorrectionsTable
  methodology_versions: MethodologyVersionsTable
  indicator_values: IndicatorValuesTable
  assessments: AssessmentsTable
  rating_decisions: RatingDecisionsTable
  decision_evidence: DecisionEvidenceTable
  decision_votes: DecisionVotesTable
  watchlist_editions: WatchlistEditionsTable
  watchlist_entries: WatchlistEntriesTable
  publications: PublicationsTable
  publication_texts: PublicationTextsTable
  publication_countries: PublicationCountriesTable
  publication_decisions: PublicationDecisionsTable
  publication_updates: PublicationUpdatesTable
  publication_attachments: PublicationAttachmentsTable
  publication_corrections: PublicationCorrectionsTable
  accreditations: AccreditationsTable
  subscriptions: SubscriptionsTable
}

export interface SignInFailuresTable {
  key: string
  failures: number
  last_failure_at: Date
}

export interface OutboxTable {
  id: Generated<number>
  recipient: string
  subject: string
  body: string
  created_at: Generated<Date>
  attempts: Generated<number>
  next_attempt_at: Generated<Date>
  sent_at: Date | null
  last_error: string | null
  /** Extra headers: { "List-Unsubscribe": "<…>" }. */
  headers: ColumnType<Record<string, string>, string | undefined, string>
  /** The publication a subscriber's e-mail announces (its mailing's progress, its cancellation). */
  publication_id: number | null
  /** Set when the publication was withdrawn before the message went out: it is never sent. */
  cancelled_at: Date | null
}

export type Role = 'researcher' | 'editor' | 'panelist' | 'admin' | 'journalist'

export interface OrganisationsTable {
  id: Generated<number>
  name: string
  slug: string
  /** false: the organisation stays anonymous; no page names it. */
  credited: Generated<boolean>
  created_at: Generated<Date>
}

export interface UsersTable {
  id: Generated<number>
  /** Always lower case. */
  email: string
  display_name: string
  organisation_id: number | null
  status: Generated<'invited' | 'active' | 'disabled'>
  password_hash: string | null
  totp_secret: string | null
  /** The last TOTP time step accepted: a code from that step or before is a replay. */
  totp_last_step: number | null
  /** An authenticator being enrolled, not yet confirmed with a code. */
  totp_pending_secret: Generated<string | null>
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface UserRolesTable {
  user_id: number
  role: Role
}

export interface ResearcherCountriesTable {
  user_id: number
  country_code: string
}

export interface SessionsTable {
  id_hash: string
  user_id: number
  created_at: Generated<Date>
  last_seen_at: Generated<Date>
  expires_at: Date
  ip: string | null
  user_agent: string | null
  csrf_token: string
}

export interface AccountTokensTable {
  token_hash: string
  user_id: number
  purpose: 'setup' | 'reset'
  expires_at: Date
  used_at: Date | null
  created_at: Generated<Date>
}

export interface RecoveryCodesTable {
  user_id: number
  code_hash: string
  used_at: Date | null
}

export interface ApiTokensTable {
  id: Generated<number>
  user_id: number
  name: string
  token_hash: string
  roles: Role[]
  created_at: Generated<Date>
  last_used_at: Date | null
  revoked_at: Date | null
}

/** Append-only: the database rejects UPDATE, DELETE and TRUNCATE. Written by triggers. */
export interface AuditLogTable {
  id: Generated<number>
  at: Generated<Date>
  actor: string
  ip: string | null
  action: string
  subject: string
  subject_key: string | null
  before: unknown
  after: unknown
}

export interface CountriesTable {
  /** ISO 3166-1 alpha-3; Kosovo uses the user-assigned XKX. */
  code: string
  alpha2: string | null
  numeric: string | null
  slug: string
  names: ColumnType<Record<NameLocale, string>, string, string>
  region: string
  subregion: string | null
  latitude: number
  longitude: number
  area_km2: number | null
  population: number | null
  population_year: number | null
  population_source: string | null
  created_at: Generated<Date>
}

export interface RatingsTable {
  id: Generated<number>
  country_code: string
  category: Category
  score: number | null
  /** 'YYYY-MM-DD': the rating holds from this date until the country's next rating. */
  effective_date: string
  source: string
  /** The rating decision that created this rating; null for imported ratings. */
  decision_id: Generated<number | null>
  created_at: Generated<Date>
}

/** Bumped by triggers on every write to published content: render caches key on it. */
export interface ContentVersionTable {
  id: number
  version: number
}

export type Vocabulary = 'violation' | 'positive' | 'victim' | 'perpetrator' | 'topic'
export type Freedom = 'association' | 'assembly' | 'expression'
export type UpdateStatus = 'draft' | 'submitted' | 'changes_requested' | 'approved' | 'scheduled' | 'published' | 'withdrawn'
export type ContentLanguage = 'en' | 'ru' | 'es' | 'fr' | 'ar'

export interface TaxonomyTermsTable {
  id: Generated<number>
  vocabulary: Vocabulary
  key: string
  labels: ColumnType<Partial<Record<ContentLanguage, string>> & { en: string }, string, string>
  position: Generated<number>
  retired_at: Date | null
}

export interface UpdatesTable {
  id: Generated<number>
  country_code: string
  language: ContentLanguage
  translation_of: number | null
  author_id: number
  organisation_id: number | null
  status: Generated<UpdateStatus>
  title: string
  summary: Generated<string>
  body: Generated<string>
  /** 'YYYY-MM-DD' */
  period_start: string | null
  period_end: string | null
  freedoms: Generated<Freedom[]>
  publish_at: Date | null
  published_at: Date | null
  /** The scheduled publication it is to be published with (migration 0009): it then moves only with it. */
  scheduled_with: Generated<number | null>
  withdrawn_reason: string | null
  revision: Generated<number>
  import_ref: string | null
  sample: Generated<boolean>
  created_at: Generated<Date>
  updated_at: Generated<Date>
  search: ColumnType<string, never, never>
}

export interface UpdateTagsTable {
  update_id: number
  term_id: number
}

export interface UpdateSourcesTable {
  id: Generated<number>
  update_id: number
  position: number
  url: string
  title: string
  publisher: string | null
  published_on: string | null
}

export interface IncidentsTable {
  id: Generated<number>
  update_id: number
  position: number
  occurred_on: string
  precision: Generated<'day' | 'month' | 'year'>
  locality: string | null
  latitude: number | null
  longitude: number | null
  freedom: Freedom
  type_id: number
  victim_id: number | null
  perpetrator_id: number | null
  affected: number | null
  killed: number | null
  injured: number | null
  detained: number | null
  charged: number | null
  sensitivity: Generated<'public' | 'restricted'>
  restricted_notes: string | null
}

export interface UpdateRevisionsTable {
  update_id: number
  number: number
  saved_by: number | null
  saved_at: Date
  status: UpdateStatus
  snapshot: ColumnType<unknown, string, string>
}

export interface UpdateCommentsTable {
  id: Generated<number>
  update_id: number
  revision: number
  author_id: number
  body: string
  created_at: Date
}

export interface UpdateCorrectionsTable {
  id: Generated<number>
  update_id: number
  note: string
  corrected_at: Date
}
