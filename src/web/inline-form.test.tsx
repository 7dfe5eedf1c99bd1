import { renderToString } from 'preact-render-to-string'
import { describe, expect, it } from 'vitest'
import { FilterInput, FilterSelect, InlineForm } from './inline-form.js'

/** The compact forms of the kit: labels tied to their inputs, the query parameter named by the id. */
describe('inline forms', () => {
  it('lays a GET filter out as .filters with its button and, when filtered, the way back', () => {
    const html = renderToString(
      <InlineForm action="/ratings" submit="Filter" reset={{ href: '/ratings', label: 'Clear' }}>
        <FilterInput id="q" type="search" label="Search" value="press" maxLength={200} />
      </InlineForm>,
    )
    expect(html).toBe(
      '<form class="filters" method="get" action="/ratings">' +
        '<label for="q">Search<input id="q" name="q" type="search" value="press" maxlength="200"/></label>' +
        '<button type="submit">Filter</button><a href="/ratings">Clear</a></form>',
    )
  })

  it('echoes the CSRF token of a compact POST form, and leaves an unfiltered input empty', () => {
    const html = renderToString(
      <InlineForm method="post" action="/admin/taxonomy" csrf="fictional-token">
        <FilterInput id="key" label="Key" value={undefined} />
      </InlineForm>,
    )
    expect(html).toContain(
      '<form class="filters" method="post" action="/admin/taxonomy"><input type="hidden" name="_csrf" value="fictional-token"/>',
    )
    expect(html).toContain('<label for="key">Key<input id="key" name="key" type="text" value/></label>')
    expect(html).not.toContain('<button')
  })

  it('selects the chosen option of a filter select, after the one that does not filter', () => {
    const html = renderToString(
      <FilterSelect
        id="kind"
        label="Kind"
        options={[
          { value: 'a', label: 'A' },
          { value: 'b', label: 'B' },
        ]}
        value="b"
        empty="Any"
      />,
    )
    expect(html).toBe(
      '<label for="kind">Kind<select id="kind" name="kind"><option value>Any</option><option value="a">A</option><option value="b" selected>B</option></select></label>',
    )
  })
})
