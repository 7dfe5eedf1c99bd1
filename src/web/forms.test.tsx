import { renderToString } from 'preact-render-to-string'
import { beforeAll, describe, expect, it } from 'vitest'
import type { FormProblem } from '../lib/errors.js'
import { loadAssets, type Assets } from './assets.js'
import { Checkbox, Choices, CsrfField, EmailInput, ErrorSummary, Field, Select, TextArea, TextInput } from './forms.js'
import { pageContext, type PageContext } from './page-context.js'

/** The form kit: every message is tied to its input, the summary links each problem to its field. */
describe('form kit', () => {
  let ctx: PageContext
  beforeAll(async () => {
    const assets: Assets = await loadAssets()
    ctx = pageContext('en', '/workspace', assets, 'http://civic-monitor.test')
  })
  const problems: FormProblem[] = [{ field: 'email', message: 'accreditation.problem.email' }]

  it('ties a text input to its hint and problem with aria-describedby, and keeps what was typed', () => {
    const html = renderToString(
      <TextInput ctx={ctx} id="email" type="email" label="Address" hint="Where we write" value="not-an-address" problems={problems} />,
    )
    expect(html).toContain('class="field has-problem"')
    expect(html).toContain('<p class="hint" id="email-hint">Where we write</p>')
    expect(html).toMatch(/<p class="field-problem" id="email-problem">[^<]+<\/p>/)
    expect(html).toMatch(
      /<input[^>]*name="email"[^>]*type="email"[^>]*value="not-an-address"[^>]*aria-describedby="email-hint email-problem"[^>]*aria-invalid="true"/,
    )
    expect(html).toContain('<label for="email">Address</label>')
  })

  it('asks for an e-mail address as lib/email.ts accepts one, under the id email unless told', () => {
    const html = renderToString(<EmailInput ctx={ctx} label="Address" autocomplete="email" value="ana@example.org" problems={[]} />)
    expect(html).toMatch(
      /<input name="email" type="email" required maxLength="254" autocomplete="email" value="ana@example.org" id="email"\/>/i,
    )
    expect(renderToString(<EmailInput ctx={ctx} id="contact" label="Address" problems={[]} />)).toContain('<label for="contact">')
  })

  it('leaves an input without a hint or problem undescribed and valid', () => {
    const html = renderToString(<TextInput ctx={ctx} id="name" label="Name" value="Ana" problems={problems} />)
    expect(html).toContain('class="field"')
    expect(html).not.toContain('aria-describedby')
    expect(html).not.toContain('aria-invalid')
    expect(html).not.toContain('field-problem')
  })

  it('hands the tying attributes to a custom input, a select and a text area', () => {
    const field = renderToString(
      <Field ctx={ctx} id="email" label="Address" problems={problems}>
        {(tied) => <input type="password" name="secret" {...tied} />}
      </Field>,
    )
    expect(field).toMatch(/<input type="password" name="secret" id="email" aria-describedby="email-problem" aria-invalid="true"/)
    const select = renderToString(
      <Select
        ctx={ctx}
        id="email"
        label="Kind"
        value="b"
        empty="Any"
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ]}
        problems={problems}
      />,
    )
    expect(select).toMatch(/<select name="email" id="email" aria-describedby="email-problem" aria-invalid="true">/)
    expect(select).toContain('<option value>Any</option>')
    expect(select).toContain('<option value="b" selected>B</option>')
    const area = renderToString(<TextArea ctx={ctx} id="email" label="Notes" hint="Short" value="typed <text>" problems={problems} />)
    expect(area).toMatch(
      /<textarea name="email" id="email" aria-describedby="email-hint email-problem" aria-invalid="true">typed &lt;text>/,
    )
  })

  it('describes a group of choices by its hint and problem, and keeps the chosen ones checked', () => {
    const html = renderToString(
      <Choices
        ctx={ctx}
        id="email"
        name="pick"
        legend="Pick"
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ]}
        chosen={['b']}
        problems={problems}
      />,
    )
    expect(html).toMatch(/<fieldset id="email" class="has-problem" aria-describedby="email-problem">/)
    expect(html).toContain('<input type="checkbox" name="pick" value="a"/>')
    expect(html).toContain('<input type="checkbox" name="pick" value="b" checked/>')
  })

  it('lists every problem in the summary, each linked to its field, and renders nothing without problems', () => {
    const html = renderToString(
      <ErrorSummary ctx={ctx} problems={[...problems, { field: 'name', message: 'accreditation.problem.name' }]} />,
    )
    expect(html).toContain('role="alert"')
    expect(html).toContain('<a href="#email">')
    expect(html).toContain('<a href="#name">')
    expect(renderToString(<ErrorSummary ctx={ctx} problems={[]} />)).toBe('')
  })

  it('ties a single checkbox to its hint', () => {
    const html = renderToString(<Checkbox ctx={ctx} id="under_review" label="Under review" hint="Flags the country" checked />)
    expect(html).toContain(
      '<input type="checkbox" id="under_review" name="under_review" value="yes" checked aria-describedby="under_review-hint"/>',
    )
    expect(html).toContain('<p class="hint" id="under_review-hint">Flags the country</p>')
  })

  it('echoes the CSRF token in a hidden field', () => {
    expect(renderToString(<CsrfField token="fictional-token" />)).toBe('<input type="hidden" name="_csrf" value="fictional-token"/>')
  })
})
