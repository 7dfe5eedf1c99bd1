import type { ContentLanguage } from '../../db/schema.js'
import { renderMarkdown } from '../../lib/markdown.js'
import type { PageContext } from '../../web/page-context.js'
import type { QuorumRule } from '../methodology/methodology.js'
import { describeQuorum } from '../methodology/methodology.public.views.js'
import { RatingLabel } from '../ratings/ratings.views.js'
import type { Category } from '../ratings/scale.js'
import type { Tally } from './quorum.js'
import { CONTENT_LANGUAGES } from '../../lib/vocabularies.js'

/** Pieces shared by the back-office and public decision pages. */
export function DecisionChange({
  ctx,
  decision,
}: {
  ctx: PageContext
  decision: { fromCategory: Category | null; fromScore: number | null; toCategory: Category; toScore: number }
}) {
  const { t } = ctx
  const score = (value: number | null) => (value === null ? '' : ` (${t('country.score', { score: value })})`)
  return (
    <p class="decision-change">
      <RatingLabel ctx={ctx} category={decision.fromCategory} />
      {score(decision.fromScore)} → <RatingLabel ctx={ctx} category={decision.toCategory} />
      {score(decision.toScore)}
    </p>
  )
}

/** The rationale in the reader's language first, then the others it was written in. */
export function Rationale({
  ctx,
  rationale,
  nested = false,
}: {
  ctx: PageContext
  rationale: Partial<Record<ContentLanguage, string>>
  /** Inside another section: an h3 rather than an h2. */
  nested?: boolean
}) {
  const Heading = nested ? 'h3' : 'h2'
  const languages = CONTENT_LANGUAGES.filter((l) => rationale[l])
  const first = languages.includes(ctx.locale) ? ctx.locale : languages[0]
  const ordered = first ? [first, ...languages.filter((l) => l !== first)] : []
  return (
    <section aria-labelledby="rationale-title">
      <Heading id="rationale-title">{ctx.t('decision.rationale')}</Heading>
      {ordered.map((l, i) =>
        i === 0 ? (
          <div
            lang={l}
            dir={l === 'ar' ? 'rtl' : undefined}
            class="prose"
            dangerouslySetInnerHTML={{ __html: renderMarkdown(rationale[l]!) }}
          />
        ) : (
          <details lang={l}>
            <summary>{ctx.t(`language.${l}`)}</summary>
            <div dir={l === 'ar' ? 'rtl' : undefined} class="prose" dangerouslySetInnerHTML={{ __html: renderMarkdown(rationale[l]!) }} />
          </details>
        ),
      )}
    </section>
  )
}

export function TallyLine({ ctx, tally, quorum }: { ctx: PageContext; tally: Tally; quorum: QuorumRule }) {
  const { t } = ctx
  return (
    <>
      <p>{describeQuorum(t, quorum)}</p>
      <p>
        {t('decision.tally', { approve: tally.approve, reject: tally.reject, abstain: tally.abstain, conflicts: tally.conflicts })}{' '}
        <strong>{t(`decision.outcome.${tally.outcome}`)}</strong>
      </p>
    </>
  )
}
