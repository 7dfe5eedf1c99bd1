import type { ComponentChildren } from 'preact'
import { CsrfField, Options, TypedInput, type InputAttributes, type InputType, type Option } from './forms.js'

/**
 * The compact part of the form kit: a form whose fields sit side by side (`.filters` in app.css),
 * as the filters above a list and short admin rows are laid out. A filter refuses nothing, so its
 * fields have no hint or problem; each label wraps its input and names it (for/id) as well.
 */

/** A compact form; `csrf` adds the token a POST needs, `submit` its one button, `reset` a link back to the unfiltered page. */
export function InlineForm(props: {
  action?: string
  method?: 'get' | 'post'
  csrf?: string
  role?: 'search'
  class?: string
  submit?: string
  reset?: { href: string; label: string }
  children: ComponentChildren
}) {
  return (
    <form class={props.class ?? 'filters'} method={props.method ?? 'get'} action={props.action} role={props.role}>
      {props.csrf !== undefined && <CsrfField token={props.csrf} />}
      {props.children}
      {props.submit !== undefined && <button type="submit">{props.submit}</button>}
      {props.reset && <a href={props.reset.href}>{props.reset.label}</a>}
    </form>
  )
}

/** A filter's one-line input (text unless `type` says otherwise), named by its id. */
export function FilterInput({
  id,
  label,
  type = 'text',
  value,
  ...input
}: { id: string; label: string; type?: InputType; value: string | undefined } & InputAttributes) {
  return (
    <label for={id}>
      {label}
      <TypedInput {...{ id, name: id, type, value: value ?? '', ...input }} />
    </label>
  )
}

/** A filter's select, named by its id; `empty` is the first option, the one that does not filter. */
export function FilterSelect({
  id,
  label,
  options,
  value,
  empty,
}: {
  id: string
  label: string
  options: Option[]
  value: string | undefined
  empty?: string
}) {
  return (
    <label for={id}>
      {label}
      <select id={id} name={id}>
        <Options options={options} chosen={value === undefined ? [] : [value]} empty={empty} />
      </select>
    </label>
  )
}
