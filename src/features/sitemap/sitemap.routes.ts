import type { FastifyInstance } from 'fastify'
import type { AppDeps } from '../../app-deps.js'
import { LOCALES } from '../../lib/i18n.js'
import { sendCached } from '../../web/cached-responses.js'
import { href } from '../../web/page-context.js'
import { listCountries } from '../countries/countries.queries.js'
import { publicUpdates } from '../updates/public.queries.js'
import { publishedEditions } from '../watchlist/watchlist.queries.js'
import { methodologyPaths } from '../methodology/methodology.queries.js'
import { findingsYears } from '../findings/findings.stats.js'
import { firstRatingDate } from '../ratings/ratings.queries.js'
import { isoDate } from '../../lib/dates.js'
import { publishedDecisions } from '../decisions/decisions.queries.js'
import { publishedVersionGroups } from '../publications/public.queries.js'

/**
 * robots.txt and sitemap.xml: every public page in every language, each entry with its
 * hreflang alternates. Built from published data only, through the render cache.
 */
export function registerSitemap(app: FastifyInstance, deps: AppDeps): void {
  const base = deps.config.publicUrl
  app.get('/robots.txt', { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
    sendCached(deps, request, reply, {
      key: 'robots',
      contentType: 'text/plain; charset=utf-8',
      render: () => `User-agent: *\nAllow: /\nSitemap: ${base}/sitemap.xml\n`,
    }),
  )
  app.get('/sitemap.xml', { config: { policy: 'public' }, schema: { hide: true } }, (request, reply) =>
    sendCached(deps, request, reply, {
      key: `sitemap ${isoDate(deps.clock()).slice(0, 4)}`,
      contentType: 'application/xml; charset=utf-8',
      render: async () => {
        const [countries, updates, first, publications] = await Promise.all([
          listCountries(deps.db),
          publicUpdates(deps.db, {}).select('updates.id').orderBy('updates.id').execute(),
          firstRatingDate(deps.db),
          publishedVersionGroups(deps.db),
        ])
        // A publication's language versions have their own slugs: each is listed in its own language, the others as alternates.
        const versions = publications.map((group) =>
          group.map((v) => ({ hreflang: v.language, path: href({ locale: v.language }, `/press/${v.slug}`) })),
        )
        return sitemap(
          base,
          [
            '/',
            '/countries',
            '/updates',
            '/watchlist',
            ...(await publishedEditions(deps.db)).map((e) => `/watchlist/${e.id}`),
            '/findings',
            ...findingsYears(first, isoDate(deps.clock())).map((year) => `/findings/${year}`),
            '/ratings',
            '/decisions',
            ...(await publishedDecisions(deps.db, { limit: 10_000 })).map((d) => `/decisions/${d.id}`),
            '/api',
            ...(await methodologyPaths(deps.db)),
            ...countries.map((c) => `/countries/${c.slug}`),
            ...updates.map((u) => `/updates/${u.id}`),
            '/press',
          ],
          versions,
        )
      },
    }),
  )
}

/**
 * `paths` exist in every UI language; each of `groups` is one page's language versions at their
 * own (already localized) paths.
 */
export function sitemap(base: string, paths: string[], groups: { hreflang: string; path: string }[][] = []): string {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
  const cluster = (versions: { hreflang: string; path: string }[]) => {
    const alternates = versions
      .map((v) => `<xhtml:link rel="alternate" hreflang="${v.hreflang}" href="${escape(base + v.path)}"/>`)
      .join('')
    return versions.map((v) => `<url><loc>${escape(base + v.path)}</loc>${alternates}</url>`)
  }
  const entries = [
    ...paths.flatMap((path) => cluster(LOCALES.map((locale) => ({ hreflang: locale, path: href({ locale }, path) })))),
    ...groups.flatMap(cluster),
  ]
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n${entries.join('\n')}\n</urlset>\n`
}
