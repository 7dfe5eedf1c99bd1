import type { ComponentChildren, PartialInputHTMLAttributes, TextareaHTMLAttributes } from 'preact'
import { EMAIL_MAX_LENGTH } from '../lib/email.js'
import type { FormProblem } from '../lib/errors.js'
import type { PageContext } from './page-context.js'

/**
 * The form kit every form of the app is built from. A field's hint and problem get ids
 * (`{id}-hint`, `{id}-problem`) that its input names in `aria-describedby`, so a screen reader
 * reads what to fix when the input takes focus; the error summary links each problem to `#{id}`.
 * Compact forms whose fields sit side by side (the filters above a list) are in inline-form.tsx.
 */

/** The CSRF token every POST form echoes (lib/auth.ts checks it). */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />
}

/** The list of what to fix at the top of a refused form, each linked to its field. */
export function ErrorSummary({ ctx, problems }: { ctx: PageContext; problems: FormProblem[] }) {
  if (problems.length === 0) return null
  return (
    <div class="notice form-problems" role="alert" tabIndex={-1} id="problems">
      <p>{ctx.t('form.problems')}</p>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${p.field}`}>{ctx.t(p.message, p.params)}</a>
          </li>
        ))}
      </ul>
    </div>
  )
}

/** What an input needs to be tied to its field's label, hint and problem. */
interface FieldAttributes {
  id: string
  'aria-describedby': string | undefined
  'aria-invalid': 'true' | undefined
}

interface FieldProps {
  ctx: PageContext
  id: string
  label: string
  hint?: string
  problems: FormProblem[]
}

/** The first problem of a field, if any. */
function problemOf(problems: FormProblem[], field: string): FormProblem | undefined {
  return problems.find((p) => p.field === field)
}

function described(id: string, hint: string | undefined, problem: FormProblem | undefined): FieldAttributes {
  const ids = [hint ? `${id}-hint` : '', problem ? `${id}-problem` : ''].filter(Boolean).join(' ')
  return { id, 'aria-describedby': ids || undefined, 'aria-invalid': problem ? 'true' : undefined }
}

/** A field's hint and problem, with the ids its input or group points at. */
function HintAndProblem({ ctx, id, hint, problem }: { ctx: PageContext; id: string; hint?: string; problem?: FormProblem }) {
  return (
    <>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {problem && (
        <p class="field-problem" id={`${id}-problem`}>
          {ctx.t(problem.message, problem.params)}
        </p>
      )}
    </>
  )
}

/**
 * A labelled field; `children` receives the attributes its input must carry. For inputs the
 * kit has no component for (a file, a select of grouped options).
 */
export function Field(props: FieldProps & { children: (input: FieldAttributes) => ComponentChildren }) {
  const problem = problemOf(props.problems, props.id)
  return (
    <div class={`field${problem ? ' has-problem' : ''}`}>
      <label for={props.id}>{props.label}</label>
      <HintAndProblem ctx={props.ctx} id={props.id} hint={props.hint} problem={problem} />
      {props.children(described(props.id, props.hint, problem))}
    </div>
  )
}

export type InputType = 'text' | 'email' | 'password' | 'date' | 'url' | 'number' | 'datetime-local' | 'search'

/** The attributes of an input other than those the kit sets. */
export type InputAttributes = Omit<PartialInputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'name' | 'type' | 'role'>

/** An input of the given type; Preact types each input type separately, the attributes suit the type asked for. */
export function TypedInput(props: InputAttributes & { id: string; name: string; type: InputType; value?: string }) {
  return <input {...(props as PartialInputHTMLAttributes<HTMLInputElement> as { type: 'text' })} />
}

type TextInputProps = FieldProps & { type?: InputType; value?: string; name?: string } & InputAttributes

/** A one-line input; `name` defaults to the id, and other input attributes pass through. */
export function TextInput({ ctx, id, label, hint, problems, type = 'text', ...input }: TextInputProps) {
  return (
    <Field ctx={ctx} id={id} label={label} hint={hint} problems={problems}>
      {(tied) => <TypedInput {...{ name: id, type, ...input, ...tied }} />}
    </Field>
  )
}

/** An e-mail address, required and as long as lib/email.ts accepts; the id is `email` unless given. */
export function EmailInput(props: Omit<TextInputProps, 'id' | 'type' | 'required' | 'maxLength'> & { id?: string }) {
  return <TextInput id="email" type="email" required maxLength={EMAIL_MAX_LENGTH} {...props} />
}

/** A multi-line input; `name` defaults to the id. */
export function TextArea({
  ctx,
  id,
  label,
  hint,
  problems,
  value,
  ...area
}: FieldProps & { value: string; name?: string } & Omit<TextareaHTMLAttributes, 'id' | 'value' | 'name'>) {
  return (
    <Field ctx={ctx} id={id} label={label} hint={hint} problems={problems}>
      {(tied) => (
        <textarea name={id} {...area} {...tied}>
          {value}
        </textarea>
      )}
    </Field>
  )
}

export interface Option {
  value: string
  label: string
  /** The language of the label, when it is not the page's (a language's own name). */
  lang?: string
}

/** The options of a select, the chosen ones selected; `empty` adds a first option with no value. */
export function Options({ options, chosen, empty }: { options: Option[]; chosen: string[]; empty?: string }) {
  return (
    <>
      {empty !== undefined && <option value="">{empty}</option>}
      {options.map((o) => (
        <option value={o.value} lang={o.lang} selected={chosen.includes(o.value)}>
          {o.label}
        </option>
      ))}
    </>
  )
}

/** A select; `empty` adds a first option with no value, `value` may name several chosen options. */
export function Select({
  ctx,
  id,
  label,
  hint,
  problems,
  options,
  value,
  empty,
  name = id,
  ...select
}: FieldProps & {
  options: Option[]
  value: string | string[]
  empty?: string
  name?: string
  multiple?: boolean
  size?: number
  required?: boolean
}) {
  return (
    <Field ctx={ctx} id={id} label={label} hint={hint} problems={problems}>
      {(tied) => (
        <select name={name} {...select} {...tied}>
          <Options options={options} chosen={Array.isArray(value) ? value : [value]} empty={empty} />
        </select>
      )}
    </Field>
  )
}

/**
 * A group of related inputs under one legend (checkboxes, radios, a row of numbers); its hint
 * and problem describe the whole group, and its id is where the error summary links.
 */
export function FieldGroup(props: {
  ctx: PageContext
  id: string
  legend: string
  hint?: string
  problems: FormProblem[]
  class?: string
  children: ComponentChildren
}) {
  const problem = problemOf(props.problems, props.id)
  const tied = described(props.id, props.hint, problem)
  return (
    <fieldset
      id={props.id}
      class={[props.class, problem ? 'has-problem' : ''].filter(Boolean).join(' ') || undefined}
      aria-describedby={tied['aria-describedby']}
    >
      <legend>{props.legend}</legend>
      <HintAndProblem ctx={props.ctx} id={props.id} hint={props.hint} problem={problem} />
      {props.children}
    </fieldset>
  )
}

/** Checkboxes (several may be chosen) or radios (one), inside a FieldGroup. */
export function Choices(props: {
  ctx: PageContext
  id: string
  name?: string
  legend: string
  hint?: string
  problems: FormProblem[]
  options: Option[]
  chosen: string[]
  type?: 'checkbox' | 'radio'
  required?: boolean
  class?: string
}) {
  const name = props.name ?? props.id
  return (
    <FieldGroup ctx={props.ctx} id={props.id} legend={props.legend} hint={props.hint} problems={props.problems} class={props.class}>
      {props.options.map((o) => (
        <label class="check">
          <input
            type={props.type ?? 'checkbox'}
            name={name}
            value={o.value}
            required={props.required}
            checked={props.chosen.includes(o.value)}
          />{' '}
          {o.label}
        </label>
      ))}
    </FieldGroup>
  )
}

/** One checkbox with its label beside it, and a hint tied to it. */
export function Checkbox(props: {
  ctx: PageContext
  id: string
  name?: string
  label: string
  hint?: string
  value?: string
  checked: boolean
}) {
  return (
    <div class="field">
      <label class="check">
        <input
          type="checkbox"
          id={props.id}
          name={props.name ?? props.id}
          value={props.value ?? 'yes'}
          checked={props.checked}
          aria-describedby={props.hint ? `${props.id}-hint` : undefined}
        />{' '}
        {props.label}
      </label>
      <HintAndProblem ctx={props.ctx} id={props.id} hint={props.hint} />
    </div>
  )
}
