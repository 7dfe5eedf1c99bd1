import { Type, type TSchema } from '@sinclair/typebox'
import { LOCALES, type Locale } from '../../lib/i18n.js'
import { attachmentUrl } from './attachments.queries.js'
import { versionHref } from './publication-article.views.js'
import type { PublicationArticle, PublicationSummary } from './public.queries.js'
import type { Withdrawal } from './publications.queries.js'
import { KindSchema, SlugSchema } from './public.routes.js'

/** The shapes of published publications in the API, and the press room's (with the embargo): schemas and present* functions. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
export const Language = Type.Unsafe<Locale>(Type.String({ enum: [...LOCALES] }))
const DateTime = Type.String({ format: 'date-time' })
export const Version = Type.Object({
  language: Language,
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  url: Type.String({ description: 'The page of this version, in its own language' }),
})
const Withdrawn = Nullable(
  Type.Object(
    { at: DateTime, reason: Type.String() },
    { description: 'Set when the publication was withdrawn: it stays at its address, marked, with the date and the reason' },
  ),
)
export const Summary = Type.Object({
  id: Type.Integer(),
  kind: KindSchema,
  publishedAt: DateTime,
  withdrawn: Withdrawn,
  countries: Type.Array(Type.String({ description: 'ISO 3166-1 alpha-3' })),
  versions: Type.Array(Version, { description: 'Every language version, the original first' }),
})
export const Detail = Type.Object({
  id: Type.Integer(),
  kind: KindSchema,
  publishedAt: DateTime,
  withdrawn: Withdrawn,
  language: Language,
  slug: Type.String(),
  url: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  body: Type.String({ description: 'Markdown' }),
  quotes: Type.Array(Type.Object({ text: Type.String(), attribution: Type.String() })),
  contacts: Type.Array(Type.Object({ name: Type.String(), role: Type.String(), email: Type.String(), phone: Type.String() })),
  otherVersions: Type.Array(Type.Object({ language: Language, slug: Type.String(), url: Type.String() })),
  countries: Type.Array(Type.String()),
  decisions: Type.Array(Type.Integer(), { description: 'Published rating decisions (GET /api/v1/decisions/{id})' }),
  updates: Type.Array(Type.Integer(), { description: 'Public monitoring updates (GET /api/v1/updates/{id})' }),
  attachments: Type.Array(
    Type.Object({ id: Type.Integer(), fileName: Type.String(), mediaType: Type.String(), byteSize: Type.Integer(), url: Type.String() }),
  ),
  corrections: Type.Array(Type.Object({ note: Type.String(), correctedAt: DateTime })),
})
/** The press room's shapes: the same, with the embargo and the status (scheduled or published). */
const Embargo = Type.Object({
  status: Type.Unsafe<'scheduled' | 'published'>(Type.String({ enum: ['scheduled', 'published'] })),
  publishedAt: Nullable(DateTime),
  embargoUntil: Nullable(DateTime),
  embargoZone: Type.String({ description: 'The IANA time zone the embargo was set in' }),
})
export const PressSummary = Type.Composite([Type.Omit(Summary, ['publishedAt']), Embargo])
export const PressDetail = Type.Composite([Type.Omit(Detail, ['publishedAt']), Embargo])

export const SlugParams = Type.Object({ slug: SlugSchema })

export type Scope = '/press' | '/press-room'
const versionOf = (base: string, scope: Scope, v: { language: Locale; slug: string; title: string; summary: string }) => ({
  language: v.language,
  slug: v.slug,
  title: v.title,
  summary: v.summary,
  url: base + versionHref(scope, v),
})

const presentWithdrawal = (w: Withdrawal | null) => (w ? { at: w.at.toISOString(), reason: w.reason } : null)

export function presentSummary(base: string, scope: Scope, p: PublicationSummary) {
  return {
    id: p.id,
    kind: p.kind,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    withdrawn: presentWithdrawal(p.withdrawn),
    countries: p.countries,
    versions: p.versions.map((v) => versionOf(base, scope, v)),
  }
}

export function presentDetail(base: string, scope: Scope, a: PublicationArticle) {
  return {
    id: a.id,
    kind: a.kind,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    withdrawn: presentWithdrawal(a.withdrawn),
    ...versionOf(base, scope, a.text),
    body: a.text.body,
    quotes: a.text.quotes.map((q) => ({ text: q.text, attribution: q.attribution })),
    contacts: a.text.contacts.map((c) => ({ name: c.name, role: c.role ?? '', email: c.email ?? '', phone: c.phone ?? '' })),
    otherVersions: a.versions
      .filter((v) => v.language !== a.text.language)
      .map((v) => ({ language: v.language, slug: v.slug, url: base + versionHref(scope, v) })),
    countries: a.countries.map((c) => c.code),
    decisions: a.decisions.map((d) => d.id),
    updates: a.updates.map((u) => u.id),
    attachments: a.attachments.map((f) => ({
      id: f.id,
      fileName: f.fileName,
      mediaType: f.mediaType,
      byteSize: f.byteSize,
      url: base + attachmentUrl(scope === '/press' ? 'public' : 'press', f),
    })),
    corrections: a.corrections.map((c) => ({ note: c.note, correctedAt: c.correctedAt.toISOString() })),
  }
}
