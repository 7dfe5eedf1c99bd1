import type { ComponentChildren } from 'preact'
import type { PageContext } from '../../web/page-context.js'
import type { FormProblem } from '../accounts/accounts.views.js'
import { termLabel, type Term } from './updates.queries.js'

/** Small building blocks of the update forms: a labelled field that shows its problem. */
export function Field(props: {
  ctx: PageContext
  id: string
  label: string
  hint?: string
  problems: FormProblem[]
  children: ComponentChildren
}) {
  const problem = props.problems.find((p) => p.field === props.id)
  return (
    <div class={`field${problem ? ' has-problem' : ''}`}>
      <label for={props.id}>{props.label}</label>
      {props.hint && <p class="hint">{props.hint}</p>}
      {problem && <p class="field-problem">{props.ctx.t(problem.message, problem.params)}</p>}
      {props.children}
    </div>
  )
}

export function TextInput(props: {
  ctx: PageContext
  id: string
  name: string
  label: string
  value: string
  problems: FormProblem[]
  type?: 'text' | 'date' | 'url' | 'number' | 'datetime-local'
  hint?: string
  maxLength?: number
  required?: boolean
}) {
  const invalid = props.problems.some((p) => p.field === props.id)
  return (
    <Field ctx={props.ctx} id={props.id} label={props.label} hint={props.hint} problems={props.problems}>
      <input
        id={props.id}
        name={props.name}
        // Preact types each input type separately; the value is one of the allowed ones.
        {...({ type: props.type ?? 'text' } as { type: 'text' })}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        aria-invalid={invalid ? 'true' : undefined}
      />
    </Field>
  )
}

export function Choice(props: {
  ctx: PageContext
  id: string
  name: string
  label: string
  value: string
  options: { value: string; label: string }[]
  problems: FormProblem[]
  empty?: string
}) {
  return (
    <Field ctx={props.ctx} id={props.id} label={props.label} problems={props.problems}>
      <select id={props.id} name={props.name}>
        {props.empty !== undefined && <option value="">{props.empty}</option>}
        {props.options.map((o) => (
          <option value={o.value} selected={o.value === props.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  )
}

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
