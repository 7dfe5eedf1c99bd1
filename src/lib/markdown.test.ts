import { describe, expect, it } from 'vitest'
import { renderMarkdown } from './markdown.js'

describe('renderMarkdown', () => {
  it('renders the usual Markdown', () => {
    expect(renderMarkdown('# Title\n\nSome *emphasis* and a [link](https://example.org).')).toBe(
      '<h1>Title</h1>\n<p>Some <em>emphasis</em> and a <a href="https://example.org" rel="nofollow noopener noreferrer">link</a>.</p>\n',
    )
  })

  it('never lets HTML, scripts or dangerous links through', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[a](javascript:alert(1)) [b](data:text/html,x) ![c](https://tracker.example/p.png)',
    )
    expect(html).not.toMatch(/<script|<img|<[^>]* onerror=|href="javascript|href="data/)
    expect(html).toContain('&lt;script&gt;')
  })
})
