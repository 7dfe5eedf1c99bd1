import { Type, type Static } from '@sinclair/typebox'
import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { sendCached, sendCachedPage } from '../../web/cached-responses.js'
import { localizedRoutes } from '../../web/pages.js'
import { firstRatingDate } from '../ratings/ratings.queries.js'
import { changeFilterOf } from './findings.api.js'
import { listRatingChanges, listRegions } from './changes.queries.js'
import { changesQuery, ChangesPage } from './changes.views.js'
import { findingsFor, requireFindingsYear } from './findings.queries.js'
import { findingsCsv } from './findings.csv.js'
import { ChangesQuery, presentFindings } from './findings.schema.js'
import { defaultFindingsYear, findingsYears } from './findings.stats.js'
import { FindingsPage } from './findings.views.js'

/** The public pages /findings, /findings/{year} (and its .csv) and /ratings, the log of rating changes. */
export const CHANGES_PAGE_SIZE = 50
const YearOrCsv = Type.Object({
  year: Type.String({ pattern: '^[0-9]{1,9}(\\.csv)?$', description: 'A year, e.g. 2021; 2021.csv for the numbers as CSV' }),
})
const ChangesPageQuery = Type.Intersect([ChangesQuery, Type.Object({ page: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,3}$' })) })])

export function registerFindingsPages(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/findings')) {
    app.get(url, { config: { policy: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const today = isoDate(deps.clock())
      return sendCachedPage(deps, request, reply, { locale, path: '/findings', day: today }, async (ctx) => {
        const first = await firstRatingDate(deps.db)
        const years = findingsYears(first, today)
        const findings = await findingsFor(deps.db, defaultFindingsYear(years, today), today)
        const model = { findings, years, isDefault: true, currentYear: Number(today.slice(0, 4)), firstRatingDate: first }
        return h(FindingsPage, { ctx, model })
      })
    })

    app.get<{ Params: Static<typeof YearOrCsv> }>(
      `${url}/:year`,
      { config: { policy: 'public' }, schema: { params: YearOrCsv, hide: true } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        const csv = request.params.year.endsWith('.csv')
        const yearText = request.params.year.replace(/\.csv$/, '')
        if (csv) {
          // Checked first: an error page must not arrive as a file to save.
          const { year } = await requireFindingsYear(deps.db, yearText, today)
          reply.header('Content-Disposition', `attachment; filename="civic-monitor-findings-${year}.csv"`)
          return sendCached(deps, request, reply, {
            key: `findings.csv ${year} ${today}`,
            contentType: 'text/csv; charset=utf-8',
            render: async () => {
              const findings = presentFindings(await findingsFor(deps.db, year, today), deps.config.publicUrl)
              return findingsCsv(findings, `${deps.config.publicUrl}/findings/${year}`)
            },
          })
        }
        return sendCachedPage(deps, request, reply, { locale, path: `/findings/${Number(yearText)}`, day: today }, async (ctx) => {
          // Checked inside the render: a cached page costs no query, and a year without findings throws before anything is cached.
          const { year, years } = await requireFindingsYear(deps.db, yearText, today)
          const [findings, first] = await Promise.all([findingsFor(deps.db, year, today), firstRatingDate(deps.db)])
          const model = { findings, years, isDefault: false, currentYear: Number(today.slice(0, 4)), firstRatingDate: first }
          return h(FindingsPage, { ctx, model })
        })
      },
    )
  }

  for (const { locale, url } of localizedRoutes('/ratings')) {
    app.get<{ Querystring: Static<typeof ChangesPageQuery> }>(
      url,
      { config: { policy: 'public' }, schema: { querystring: ChangesPageQuery, hide: true } },
      async (request, reply) => {
        const today = isoDate(deps.clock())
        const { page: pageText, ...query } = request.query
        const filter = await changeFilterOf(deps.db, query)
        const page = Number(pageText ?? 1)
        const path = `/ratings${changesQuery(filter, page)}`
        return sendCachedPage(deps, request, reply, { locale, path, day: today }, async (ctx) => {
          const [{ changes, total }, first, regions] = await Promise.all([
            listRatingChanges(deps.db, {
              ...filter,
              until: today,
              limit: CHANGES_PAGE_SIZE,
              offset: (page - 1) * CHANGES_PAGE_SIZE,
            }),
            firstRatingDate(deps.db),
            listRegions(deps.db),
          ])
          const model = {
            filter,
            changes,
            total,
            page,
            pageSize: CHANGES_PAGE_SIZE,
            years: findingsYears(first, today),
            regions,
            firstRatingDate: first,
          }
          return h(ChangesPage, { ctx, model })
        })
      },
    )
  }
}
