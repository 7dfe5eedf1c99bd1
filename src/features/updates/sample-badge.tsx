import type { PageContext } from '../../web/page-context.js'

/** The label on sample content (npm run seed:sample): wherever a sample update appears, it says so. */
export function SampleBadge({ ctx }: { ctx: PageContext }) {
  return <strong class="sample-badge">{ctx.t('sample.badge')}</strong>
}
