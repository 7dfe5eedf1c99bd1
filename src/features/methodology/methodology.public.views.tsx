import { formatDate, formatNumber, type Locale, type Translate } from '../../lib/i18n.js'
import { renderMarkdown } from '../../lib/markdown.js'
import { Layout } from '../../web/layout.js'
import { href, type PageContext } from '../../web/page-context.js'
import { TableScroll } from '../../web/table-scroll.js'
import { CATEGORIES } from '../ratings/scale.js'
import { termLabel, type Term } from '../updates/updates.queries.js'
import { type IndicatorSpec, type MethodologyConfig, type QuorumRule } from './methodology.js'
import type { MethodologyVersion } from './methodology.queries.js'
import { FREEDOMS } from '../../lib/vocabularies.js'

/** The panel's quorum rule as a sentence; the rating decision pages say it the same way. */
export function describeQuorum(t: Translate, rule: QuorumRule): string {
  return t('methodology.quorum.rule', { count: rule.minVotes, share: Math.round(rule.approvalShare * 1000) / 10 })
}

const day = (instant: Date) => instant.toISOString().slice(0, 10)

export interface MethodologyPageModel {
  version: MethodologyVersion | null
  inForce: MethodologyVersion | null
  published: MethodologyVersion[]
  /** Violation terms, for the severity table's labels. */
  violations: Term[]
}

/** /methodology and /methodology/{label}: a published version, in words and tables. */
export function MethodologyPage({ ctx, model }: { ctx: PageContext; model: MethodologyPageModel }) {
  const { t, locale } = ctx
  const { version, inForce } = model
  return (
    <Layout ctx={ctx} title={t('methodology.title')} description={t('methodology.lead')} section="methodology">
      <h1>{t('methodology.title')}</h1>
      <p class="lead">{t('methodology.lead')}</p>
      {version === null ? (
        <p class="notice">{t('methodology.none')}</p>
      ) : (
        <>
          {inForce && inForce.id !== version.id && (
            <p class="notice" role="note">
              {t('methodology.olderVersion')}{' '}
              <a href={href(ctx, '/methodology')}>{t('methodology.seeInForce', { label: inForce.label })}</a>
            </p>
          )}
          <dl class="facts">
            <dt>{t('methodology.version')}</dt>
            <dd>{version.label}</dd>
            {version.publishedAt && (
              <>
                <dt>{t('methodology.publishedOn')}</dt>
                <dd>{formatDate(locale, day(version.publishedAt))}</dd>
              </>
            )}
          </dl>
          <MethodologyDetails ctx={ctx} config={version.config} violations={model.violations} />
          {version.notes.trim() !== '' && (
            <section aria-labelledby="notes">
              <h2 id="notes">{t('methodology.notes')}</h2>
              <div class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(version.notes) }} />
            </section>
          )}
        </>
      )}
      <DataSources ctx={ctx} />
      {model.published.length > 0 && (
        <section aria-labelledby="versions">
          <h2 id="versions">{t('methodology.versions')}</h2>
          <ul>
            {model.published.map((v) => (
              <li>
                <a
                  href={href(ctx, v.id === inForce?.id ? '/methodology' : `/methodology/${encodeURIComponent(v.label)}`)}
                  aria-current={v.id === version?.id ? 'page' : undefined}
                >
                  {v.label}
                </a>
                {v.publishedAt && ` · ${formatDate(locale, day(v.publishedAt))}`}
                {v.id === inForce?.id && ` · ${t('methodology.inForce')}`}
              </li>
            ))}
          </ul>
        </section>
      )}
    </Layout>
  )
}

const percent = (locale: Locale, share: number) => formatNumber(locale, share, { style: 'percent', maximumFractionDigits: 1 })
const shares = <K extends string>(weights: Record<K, number>): Record<K, number> => {
  const total = Object.values<number>(weights).reduce((a, b) => a + b, 0)
  return Object.fromEntries(Object.entries<number>(weights).map(([k, w]) => [k, total > 0 ? w / total : 0])) as Record<K, number>
}

/** The methodology's content, also shown read-only in the back office before and after publishing. */
export function MethodologyDetails({ ctx, config, violations }: { ctx: PageContext; config: MethodologyConfig; violations: Term[] }) {
  const { t, locale } = ctx
  const n = (value: number) => formatNumber(locale, value)
  const components = shares(config.components)
  const overall = shares(config.overall)
  const s = config.incidentSignal
  const severity = Object.entries(s.severity).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
  const termName = (key: string) =>
    termLabel(
      violations.find((v) => v.key === key),
      locale,
    ) || key
  const bands = CATEGORIES.map((category, i) => {
    const from = category === 'closed' ? 1 : config.bands[category]
    const previous = CATEGORIES[i - 1]
    const to = previous === undefined || previous === 'closed' ? 100 : config.bands[previous] - 1
    return { category, from, to }
  })
  return (
    <>
      <section aria-labelledby="how">
        <h2 id="how">{t('methodology.how')}</h2>
        <p>{t('methodology.howIntro')}</p>

        <h3 id="key-scores">{t('methodology.keyScores')}</h3>
        <p>{t('methodology.keyScoresIntro')}</p>
        {config.indicators.length === 0 ? (
          <p>{t('methodology.noIndicators')}</p>
        ) : (
          <TableScroll labelledBy="key-scores">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('methodology.indicator')}</th>
                  <th scope="col">{t('methodology.source')}</th>
                  <th scope="col">{t('methodology.scale')}</th>
                  <th scope="col">{t('methodology.rebasing')}</th>
                  <th scope="col">{t('methodology.freedoms')}</th>
                  <th scope="col" class="num">
                    {t('methodology.weight')}
                  </th>
                  <th scope="col">{t('methodology.maxAge')}</th>
                </tr>
              </thead>
              <tbody>
                {config.indicators.map((i) => (
                  <tr>
                    <th scope="row">
                      {i.name} <code>{i.key}</code>
                    </th>
                    <td>{i.source}</td>
                    <td>
                      {t('methodology.range', { from: n(i.min), to: n(i.max) })}
                      <br />
                      {t(i.higherIsFreer ? 'methodology.higherIsFreer' : 'methodology.lowerIsFreer')}
                    </td>
                    <td dir="ltr">
                      <code>{formula(i, n)}</code>
                    </td>
                    <td>{i.freedoms.map((f) => t(`freedom.${f}`)).join(', ')}</td>
                    <td class="num">{n(i.weight)}</td>
                    <td>{t('methodology.years', { count: i.maxAgeYears })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        <p>{t('methodology.rebasingRule')}</p>

        <h3>{t('methodology.keyAnalysis')}</h3>
        <p>{t('methodology.keyAnalysisText', { count: config.assessmentMaxAgeMonths })}</p>

        <h3>{t('methodology.partnerInput')}</h3>
        <p>{t('methodology.partnerInputText', { count: config.partnerTrendPoints })}</p>

        <h3 id="components">{t('methodology.components')}</h3>
        <p>{t('methodology.componentsIntro')}</p>
        <ShareTable
          ctx={ctx}
          labelledBy="components"
          head={t('methodology.input')}
          rows={(['keyScores', 'keyAnalysis', 'partnerInput'] as const).map((k) => [t(`methodology.${k}`), percent(locale, components[k])])}
        />

        <h3 id="incident-signal">{t('methodology.incidentSignal')}</h3>
        <p>{t('methodology.incidentIntro')}</p>
        <dl class="facts">
          <dt>{t('methodology.window')}</dt>
          <dd>{t('methodology.months', { count: s.windowMonths })}</dd>
          <dt>{t('methodology.baseline')}</dt>
          <dd>{t('methodology.years', { count: s.baselineYears })}</dd>
          <dt>{t('methodology.pointsPerDoubling')}</dt>
          <dd>{n(s.pointsPerDoubling)}</dd>
          <dt>{t('methodology.maxPoints')}</dt>
          <dd>{n(s.maxPoints)}</dd>
          <dt>{t('methodology.smoothing')}</dt>
          <dd>{n(s.smoothing)}</dd>
          <dt>{t('methodology.perKilled')}</dt>
          <dd>{n(s.perKilled)}</dd>
        </dl>
        <p>
          {t('methodology.incidentFormula')}{' '}
          <code dir="ltr">{`−${n(s.pointsPerDoubling)} × log₂((recent + ${n(s.smoothing)}) ÷ (baseline + ${n(s.smoothing)}))`}</code>
          {' · '}
          {t('methodology.incidentCap', { count: s.maxPoints })}
        </p>
        <h4 id="severity">{t('methodology.severity')}</h4>
        <p>{t('methodology.severityIntro', { perKilled: s.perKilled })}</p>
        {severity.length > 0 && (
          <ShareTable
            ctx={ctx}
            labelledBy="severity"
            head={t('methodology.violation')}
            value={t('methodology.weight')}
            rows={severity.map(([key, w]) => [termName(key), n(w)])}
          />
        )}

        <h3 id="overall">{t('methodology.overall')}</h3>
        <p>{t('methodology.overallIntro')}</p>
        <ShareTable
          ctx={ctx}
          labelledBy="overall"
          head={t('methodology.freedom')}
          rows={FREEDOMS.map((f) => [t(`freedom.${f}`), percent(locale, overall[f])])}
        />
      </section>

      <section aria-labelledby="categories">
        <h2 id="categories">{t('methodology.categories')}</h2>
        <p id="categories-intro">{t('methodology.categoriesIntro')}</p>
        <TableScroll labelledBy="categories-intro">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('methodology.category')}</th>
                <th scope="col">{t('methodology.score')}</th>
                <th scope="col">{t('methodology.meaning')}</th>
              </tr>
            </thead>
            <tbody>
              {bands.map((b) => (
                <tr>
                  <th scope="row">
                    <span class={`swatch cat-${b.category}`} aria-hidden="true" /> {t(`category.${b.category}`)}
                  </th>
                  <td>{t('methodology.range', { from: n(b.from), to: n(b.to) })}</td>
                  <td>{t(`category.${b.category}.meaning`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      </section>

      <section aria-labelledby="decisions">
        <h2 id="decisions">{t('methodology.decisions')}</h2>
        <p>{t('methodology.decisionsText')}</p>
        <p>{describeQuorum(t, config.quorum)}</p>
      </section>
    </>
  )
}

/** The rebasing of one indicator as a formula: the numbers of its own scale. */
function formula(i: IndicatorSpec, n: (value: number) => string): string {
  const span = `(${n(i.max)} − ${n(i.min)})`
  const text = i.higherIsFreer ? `1 + 99 × (x − ${n(i.min)}) ÷ ${span}` : `1 + 99 × (${n(i.max)} − x) ÷ ${span}`
  // Kept on one line: a formula broken mid-bracket is hard to read (the table scrolls instead).
  return text.replace(/ /g, '\u00a0')
}

function ShareTable(props: { ctx: PageContext; labelledBy: string; head: string; value?: string; rows: [string, string][] }) {
  return (
    <TableScroll labelledBy={props.labelledBy}>
      <table>
        <thead>
          <tr>
            <th scope="col">{props.head}</th>
            <th scope="col" class="num">
              {props.value ?? props.ctx.t('methodology.share')}
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(([label, value]) => (
            <tr>
              <th scope="row">{label}</th>
              <td class="num">{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  )
}

const SOURCES = [
  { id: 'fh', url: 'https://freedomhouse.org/report/freedom-world' },
  { id: 'rsf', url: 'https://rsf.org/en/index' },
  { id: 'vdem', url: 'https://www.v-dem.net/' },
  { id: 'civicus', url: 'https://monitor.civicus.org/' },
  { id: 'wpp', url: 'https://population.un.org/wpp/' },
] as const

function DataSources({ ctx }: { ctx: PageContext }) {
  const { t } = ctx
  return (
    <section aria-labelledby="sources">
      <h2 id="sources">{t('methodology.sources')}</h2>
      <p>{t('methodology.sourcesIntro')}</p>
      <ul>
        {SOURCES.map((source) => (
          <li>
            <a href={source.url} rel="noopener noreferrer">
              {t(`methodology.source.${source.id}`)}
            </a>
            : {t(`methodology.source.${source.id}.what`)} <em>{t(`methodology.source.${source.id}.licence`)}</em>
          </li>
        ))}
      </ul>
    </section>
  )
}
