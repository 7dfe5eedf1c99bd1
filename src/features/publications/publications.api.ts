import { Type, type Static, type TSchema } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { readTimeCursor } from '../../lib/cursor.js'
import { LOCALES, type Locale } from '../../lib/i18n.js'
import { notFound } from '../../lib/errors.js'
import { sendCachedJson } from '../../web/cached-responses.js'
import { ErrorResponse } from '../ratings/ratings.schema.js'
import { attachmentUrl } from './attachments.queries.js'
import { versionHref } from './publication-article.views.js'
import { findPublicationVersion, listPublishedPublications, type PublicationArticle, type PublicationSummary } from './public.queries.js'
import { KindSchema, SlugSchema } from './public.routes.js'

/** The public read API of publications: published ones only; an unpublished slug is as unknown as a made-up one. */
const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()])
const Language = Type.Unsafe<Locale>(Type.String({ enum: [...LOCALES] }))
const DateTime = Type.String({ format: 'date-time' })
const Version = Type.Object({
  language: Language,
  slug: Type.String(),
  title: Type.String(),
  summary: Type.String(),
  url: Type.String({ description: 'The page of this version, in its own language' }),
})
const Summary = Type.Object({
  id: Type.Integer(),
  kind: KindSchema,
  publishedAt: DateTime,
  countries: Type.Array(Type.String({ description: 'ISO 3166-1 alpha-3' })),
  versions: Type.Array(Version, { description: 'Every language version, the original first' }),
})
const Detail = Type.Object({
  id: Type.Integer(),
  kind: KindSchema,
  publishedAt: DateTime,
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
const ListQuery = Type.Object({
  kind: Type.Optional(KindSchema),
  country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{3}$' })),
  language: Type.Optional(Language),
  before: Type.Optional(Type.String({ pattern: '^[0-9]{1,15}-[0-9]{1,15}$', description: 'The next page: the value of "next"' })),
  limit: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: '1-200, default 50' })),
})
type ListQuery = Static<typeof ListQuery>

type Scope = '/press' | '/press-room'
const versionOf = (base: string, scope: Scope, v: { language: Locale; slug: string; title: string; summary: string }) => ({
  language: v.language,
  slug: v.slug,
  title: v.title,
  summary: v.summary,
  url: base + versionHref(scope, v),
})

export function presentSummary(base: string, scope: Scope, p: PublicationSummary) {
  return {
    id: p.id,
    kind: p.kind,
    publishedAt: p.publishedAt?.toISOString() ?? null,
    countries: p.countries,
    versions: p.versions.map((v) => versionOf(base, scope, v)),
  }
}

export function presentDetail(base: string, scope: Scope, a: PublicationArticle) {
  return {
    id: a.id,
    kind: a.kind,
    publishedAt: a.publishedAt?.toISOString() ?? null,
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

export function registerPublicationsApi(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl
  app.get<{ Querystring: ListQuery }>(
    '/api/v1/publications',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'Published publications, newest first',
        description:
          'Press releases, watchlist reports, annual findings and statements with their language versions. Filter by kind, country or language (publications with a version in it); page with "before".',
        tags: ['publications'],
        querystring: ListQuery,
        response: { 200: Type.Object({ publications: Type.Array(Summary), next: Nullable(Type.String()) }), 400: ErrorResponse },
      },
    },
    (request, reply) => {
      const { kind, language } = request.query
      const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 50)))
      const country = request.query.country?.toUpperCase()
      const before = readTimeCursor(request.query.before)
      const key = `publications ${kind ?? ''} ${country ?? ''} ${language ?? ''} ${request.query.before ?? ''} ${limit}`
      return sendCachedJson(deps, request, reply, key, async () => {
        const rows = await listPublishedPublications(deps.db, { kind, country, language }, { limit: limit + 1, before })
        const page = rows.slice(0, limit)
        const last = page.at(-1)
        return {
          publications: page.map((p) => presentSummary(base, '/press', p)),
          next: rows.length > limit && last ? `${last.publishedAt!.getTime()}-${last.id}` : null,
        }
      })
    },
  )

  app.get<{ Params: { slug: string } }>(
    '/api/v1/publications/:slug',
    {
      config: { policy: 'public' },
      schema: {
        summary: 'One published language version of a publication',
        description:
          'Its text (Markdown), quotes, media contacts, the other versions, countries, linked published rating decisions and updates, attachments with download addresses, and corrections.',
        tags: ['publications'],
        params: SlugParams,
        response: { 200: Detail, 400: ErrorResponse, 404: ErrorResponse },
      },
    },
    (request, reply) =>
      sendCachedJson(deps, request, reply, `publication ${request.params.slug}`, async () => {
        const article = await findPublicationVersion(deps.db, request.params.slug, 'public')
        if (!article) throw notFound('publication')
        return presentDetail(base, '/press', article)
      }),
  )
}
