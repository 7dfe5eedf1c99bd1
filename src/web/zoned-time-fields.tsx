import type { FormProblem } from '../lib/errors.js'
import { TIME_ZONES } from '../lib/time-zones.js'
import { Select, TextInput } from './forms.js'
import type { PageContext } from './page-context.js'

/** What was typed in a refused schedule form, shown again as it was. */
export interface ZonedTyped {
  local: string
  zone: string
}

const ZONE_OPTIONS = TIME_ZONES.map((zone) => ({ value: zone, label: zone }))

/**
 * A date and time typed on the wall clock of a chosen zone (read back with zonedToUtc): the
 * fields of every "schedule" and "embargo" form, built from the form kit so that a refusal is
 * told at the field and the typed time and zone stay. step=1: a time can be given to the second.
 */
export function ZonedTimeFields({
  ctx,
  name,
  label,
  problems,
  typed,
}: {
  ctx: PageContext
  name: string
  label: string
  problems: FormProblem[]
  typed: ZonedTyped | undefined
}) {
  return (
    <>
      <TextInput ctx={ctx} id={name} label={label} type="datetime-local" step={1} required problems={problems} value={typed?.local ?? ''} />
      <Select ctx={ctx} id="zone" label={ctx.t('workflow.zone')} problems={problems} options={ZONE_OPTIONS} value={typed?.zone ?? 'UTC'} />
    </>
  )
}

/** The schedule fields of a posted form body (`name` and `zone`), or undefined when there are none. */
export function zonedTypedIn(body: unknown, name: string): ZonedTyped | undefined {
  const fields = (body ?? {}) as Record<string, unknown>
  const local = fields[name]
  if (typeof local !== 'string') return undefined
  return { local: local.slice(0, 40), zone: typeof fields.zone === 'string' ? fields.zone.slice(0, 100) : 'UTC' }
}
