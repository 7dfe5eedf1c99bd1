import type { PageContext } from '../../web/page-context.js'
import { termLabel, type Term } from './updates.queries.js'

/** Terms of some vocabularies as option groups; retired terms only when already chosen. */
export function TermOptions({
  ctx,
  terms,
  vocabularies,
  chosen,
}: {
  ctx: PageContext
  terms: Term[]
  vocabularies: Term['vocabulary'][]
  chosen: string[]
}) {
  return (
    <>
      {vocabularies.map((vocabulary) => (
        <optgroup label={ctx.t(`taxonomy.${vocabulary}`)}>
          {terms
            .filter((term) => term.vocabulary === vocabulary && (!term.retired || chosen.includes(String(term.id))))
            .map((term) => (
              <option value={String(term.id)} selected={chosen.includes(String(term.id))}>
                {termLabel(term, ctx.locale)}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  )
}
