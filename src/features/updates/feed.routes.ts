import { Type } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import type { AppDeps } from '../../app-deps.js'
import { sendCached } from '../../web/cached-responses.js'
import { atomFeed } from './feed.js'
import { publicUpdates, type PublicFilter } from './public.queries.js'

const FeedQuery = Type.Object({
  country: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  tag: Type.Optional(Type.String({ pattern: '^[a-z0-9-]{1,60}$' })),
})

/** /updates/feed.atom: all published updates, or one country's (?country=), or one tag's (?tag=). */
export function registerUpdatesFeed(app: FastifyInstance, deps: AppDeps): void {
  app.get<{ Querystring: { country?: string; tag?: string } }>(
    '/updates/feed.atom',
    { config: { policy: 'public' }, schema: { hide: true, querystring: FeedQuery } },
    (request, reply) => {
      const filter: PublicFilter = { country: request.query.country, tag: request.query.tag }
      const query = new URLSearchParams(Object.entries(filter).filter((e): e is [string, string] => Boolean(e[1]))).toString()
      const selfPath = `/updates/feed.atom${query ? `?${query}` : ''}`
      return sendCached(deps, request, reply, {
        key: `feed ${selfPath}`,
        contentType: 'application/atom+xml; charset=utf-8',
        render: async () => {
          const rows = await publicUpdates(deps.db, filter)
            .leftJoin('organisations', (join) =>
              join.onRef('organisations.id', '=', 'updates.organisation_id').on('organisations.credited', '=', true),
            )
            .select([
              'updates.id',
              'updates.title',
              'updates.summary',
              'updates.body',
              'updates.published_at',
              'updates.updated_at',
              'updates.status',
              'updates.sample',
              'organisations.name as partner',
              sql<
                string[]
              >`array(select t.key from update_tags ut join taxonomy_terms t on t.id = ut.term_id where ut.update_id = updates.id order by t.key)`.as(
                'tags',
              ),
            ])
            .orderBy('updates.published_at', 'desc')
            .limit(50)
            .execute()
          const title = ['Civic Monitor: monitoring updates', filter.country, filter.tag].filter(Boolean).join(' · ')
          return atomFeed({
            base: deps.config.publicUrl,
            selfPath,
            title,
            now: deps.clock(),
            entries: rows.map((r) => ({
              id: r.id,
              title: r.title,
              summary: r.summary,
              body: r.body,
              publishedAt: r.published_at!,
              updatedAt: r.updated_at > r.published_at! ? r.updated_at : r.published_at!,
              withdrawn: r.status === 'withdrawn',
              sample: r.sample,
              partner: r.partner,
              categories: r.tags,
            })),
          })
        },
      })
    },
  )
}
