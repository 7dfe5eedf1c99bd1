import type { PageContext } from '../../web/page-context.js'
import { formatInstant } from '../../lib/time-zones.js'

/**
 * "EMBARGOED UNTIL 20 June 2030, 00:01 GMT+6": the time in the zone the embargo was written in,
 * in the reader's language. Shown wherever a journalist or editor sees an unpublished publication.
 */
export function embargoText(ctx: Pick<PageContext, 't' | 'locale'>, until: Date, zone: string): string {
  return ctx.t('publication.embargoedUntil', { time: formatInstant(ctx.locale, until, zone) })
}

export function EmbargoNotice({ ctx, until, zone }: { ctx: PageContext; until: Date; zone: string }) {
  return (
    <p class="embargo-notice" role="note">
      <strong>{embargoText(ctx, until, zone)}</strong>
    </p>
  )
}
