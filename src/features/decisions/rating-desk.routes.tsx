import type { FastifyInstance } from 'fastify'
import { h } from 'preact'
import type { AppDeps } from '../../app-deps.js'
import { isoDate } from '../../lib/dates.js'
import { notFound } from '../../lib/errors.js'
import { can } from '../../lib/policies.js'
import { formatInstant } from '../../lib/time-zones.js'
import { Layout, sendPrivatePage } from '../../web/layout.js'
import { href, pageContext, type PageContext } from '../../web/page-context.js'
import { localizedRoutes } from '../../web/pages.js'
import { TableScroll } from '../../web/table-scroll.js'
import { listCountries } from '../countries/countries.queries.js'
import { methodologyInForce } from '../methodology/methodology.queries.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import { listDecisions, type DecisionSummary } from './decisions.queries.js'
import { ratingDesk, type RatingDesk } from './rating-desk.js'

/** /workspace/ratings: review flags, decisions in progress and watchlist candidates. */
export function registerRatingDesk(app: FastifyInstance, deps: AppDeps): void {
  for (const { locale, url } of localizedRoutes('/workspace/ratings')) {
    app.get(url, { config: { policy: 'rating:view' }, schema: { hide: true } }, async (request, reply) => {
      const user = request.user!
      const methodology = await methodologyInForce(deps.db)
      if (!methodology) throw notFound('methodology')
      const mine = can(user, 'rating:decide') || can(user, 'rating:vote') ? undefined : user.countries
      const [desk, decisions, countries] = await Promise.all([
        ratingDesk(deps.db, methodology.config, isoDate(deps.clock())),
        listDecisions(deps.db, { countries: mine, statuses: ['draft', 'panel_review', 'approved', 'scheduled'] }),
        listCountries(deps.db),
      ])
      const names = new Map(countries.map((c) => [c.code, c.names[locale]]))
      const visible = (code: string) => mine === undefined || mine.includes(code)
      const ctx = pageContext(locale, '/workspace/ratings', deps.assets, deps.config.publicUrl)
      const page = h(DeskPage, {
        ctx,
        desk: {
          flags: desk.flags.filter((f) => visible(f.countryCode)),
          candidates: desk.candidates.filter((c) => visible(c.countryCode)),
        },
        decisions,
        names,
        mayPropose: can(user, 'rating:propose'),
        methodologyLabel: methodology.label,
      })
      return sendPrivatePage(reply, 200, page)
    })
  }
}

function DeskPage(props: {
  ctx: PageContext
  desk: RatingDesk
  decisions: DecisionSummary[]
  names: Map<string, string>
  mayPropose: boolean
  methodologyLabel: string
}) {
  const { ctx, desk, names } = props
  const { t, locale } = ctx
  const name = (code: string) => names.get(code) ?? code
  return (
    <Layout ctx={ctx} title={t('ratingDesk.title')}>
      <h1>{t('ratingDesk.title')}</h1>
      <p class="lead">{t('ratingDesk.lead', { version: props.methodologyLabel })}</p>
      {props.mayPropose && (
        <p>
          <a class="button" href={href(ctx, '/workspace/decisions/new')}>
            {t('decision.newTitle')}
          </a>
        </p>
      )}

      <h2 id="decisions-title">{t('ratingDesk.decisions')}</h2>
      {props.decisions.length === 0 ? (
        <p>{t('ratingDesk.noDecisions')}</p>
      ) : (
        <TableScroll labelledBy="decisions-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('decision.country')}</th>
                <th scope="col">{t('ratingDesk.col.change')}</th>
                <th scope="col">{t('decision.status')}</th>
                <th scope="col">{t('ratingDesk.col.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {props.decisions.map((d) => (
                <tr>
                  <td>
                    <a href={href(ctx, `/workspace/decisions/${d.id}`)}>
                      #{d.id} {name(d.countryCode)}
                    </a>
                  </td>
                  <td>
                    <RatingLabel ctx={ctx} category={d.fromCategory} /> → <RatingLabel ctx={ctx} category={d.toCategory} />
                  </td>
                  <td>
                    {t(`decision.status.${d.status}`)}
                    {d.underReview && ` · ${t('decision.underReviewPublic')}`}
                  </td>
                  <td>{formatInstant(locale, d.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 id="flags-title">{t('ratingDesk.flags')}</h2>
      <p class="hint">{t('ratingDesk.flagsHint')}</p>
      {desk.flags.length === 0 ? (
        <p>{t('ratingDesk.noFlags')}</p>
      ) : (
        <TableScroll labelledBy="flags-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('decision.country')}</th>
                <th scope="col">{t('ratingDesk.col.published')}</th>
                <th scope="col">{t('ratingDesk.col.computed')}</th>
                <th scope="col">{t('ratingDesk.col.action')}</th>
              </tr>
            </thead>
            <tbody>
              {desk.flags.map((f) => (
                <tr>
                  <td>{name(f.countryCode)}</td>
                  <td>
                    <RatingLabel ctx={ctx} category={f.published?.category ?? null} />
                    {f.published?.score != null && ` (${f.published.score})`}
                  </td>
                  <td>
                    <RatingLabel ctx={ctx} category={f.computed.category} /> ({f.computed.score})
                  </td>
                  <td>
                    {props.mayPropose && (
                      <a href={href(ctx, `/workspace/decisions/new?country=${f.countryCode}`)}>{t('ratingDesk.draftFor')}</a>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h2 id="candidates-title">{t('ratingDesk.candidates')}</h2>
      <p class="hint">{t('ratingDesk.candidatesHint')}</p>
      {desk.candidates.length === 0 ? (
        <p>{t('ratingDesk.noCandidates')}</p>
      ) : (
        <TableScroll labelledBy="candidates-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('decision.country')}</th>
                <th scope="col" class="num">
                  {t('ratingDesk.col.yearAgo')}
                </th>
                <th scope="col" class="num">
                  {t('ratingDesk.col.now')}
                </th>
                <th scope="col" class="num">
                  {t('ratingDesk.col.drop')}
                </th>
              </tr>
            </thead>
            <tbody>
              {desk.candidates.map((c) => (
                <tr>
                  <td>{name(c.countryCode)}</td>
                  <td class="num">{c.before}</td>
                  <td class="num">{c.now}</td>
                  <td class="num">−{c.drop}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </Layout>
  )
}
