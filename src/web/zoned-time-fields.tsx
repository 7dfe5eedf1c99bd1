import { TIME_ZONES } from '../lib/time-zones.js'
import type { PageContext } from './page-context.js'

/**
 * A date and time typed on the wall clock of a chosen zone (read back with zonedToUtc): the
 * fields of every "schedule" and "embargo" form. step=1: a time can be given to the second.
 */
export function ZonedTimeFields({ ctx, name, label }: { ctx: PageContext; name: string; label: string }) {
  return (
    <>
      <div class="field">
        <label for={name}>{label}</label>
        <input id={name} name={name} type="datetime-local" step={1} required />
      </div>
      <div class="field">
        <label for="zone">{ctx.t('workflow.zone')}</label>
        <select id="zone" name="zone">
          {TIME_ZONES.map((zone) => (
            <option value={zone}>{zone}</option>
          ))}
        </select>
      </div>
    </>
  )
}
