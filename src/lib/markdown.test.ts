import { describe, expect, it } from 'vitest'
import { droppedLinks, renderMarkdown } from './markdown.js'

const EXTERNAL_REL = 'rel="nofollow noopener noreferrer"'

describe('renderMarkdown', () => {
  it('renders the usual Markdown', () => {
    expect(renderMarkdown('# Title\n\nSome *emphasis* and a [link](https://example.org).')).toBe(
      `<h1>Title</h1>\n<p>Some <em>emphasis</em> and a <a href="https://example.org" ${EXTERNAL_REL}>link</a>.</p>\n`,
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

// Fictional press-release sentences, one Russian and one Arabic, around each kind of link.
const texts = [
  { language: 'Russian', before: 'Власти Вымышлении ограничили собрания ', after: ' в прошлом месяце.' },
  { language: 'Arabic', before: 'قيّدت سلطات البلد الخيالي التجمعات ', after: ' في الشهر الماضي.' },
]
const words = { Russian: 'из-за повсеместных нарушений', Arabic: 'بسبب الانتهاكات الواسعة' }

describe.each(texts)('links in $language text', ({ language, before, after }) => {
  const word = words[language as keyof typeof words]
  const paragraph = (target: string) => `${before}[${word}](${target})${after}`

  it.each([
    ['a path of this site', '/ru/countries/kazakhstan', '/ru/countries/kazakhstan'],
    ['a fragment', '#section', '#section'],
  ])('keeps a link to %s, without rel', (_kind, target, href) => {
    expect(renderMarkdown(paragraph(target))).toBe(`<p>${before}<a href="${href}">${word}</a>${after}</p>\n`)
    expect(droppedLinks(paragraph(target))).toEqual([])
  })

  it.each([
    ['https', 'https://example.org/report', 'https://example.org/report'],
    ['mailto', 'mailto:press@example.org', 'mailto:press@example.org'],
  ])('keeps a %s link, with no referrer', (_kind, target, href) => {
    expect(renderMarkdown(paragraph(target))).toBe(`<p>${before}<a href="${href}" ${EXTERNAL_REL}>${word}</a>${after}</p>\n`)
    expect(droppedLinks(paragraph(target))).toEqual([])
  })

  it.each([
    ['a placeholder #', '#', '#', 'empty'],
    ['an empty target', '', '', 'empty'],
    ['javascript:', 'javascript:alert(1)', 'javascript:alert(1)', 'scheme'],
    ['data:', 'data:text/html,<b>x</b>', 'data:text/html,<b>x</b>', 'scheme'],
    ['vbscript:', 'vbscript:msgbox(1)', 'vbscript:msgbox(1)', 'scheme'],
    ['another scheme', 'ftp://files.example/x', 'ftp://files.example/x', 'scheme'],
    ['mixed case', 'JaVaScRiPt:alert(1)', 'JaVaScRiPt:alert(1)', 'scheme'],
    ['entity-encoded', '&#106;ava&#x73;cript:alert(1)', 'javascript:alert(1)', 'scheme'],
    ['a tab inside', '<java\tscript:alert(1)>', 'java\tscript:alert(1)', 'scheme'],
    ['a control character first', '<\u0001javascript:alert(1)>', '\u0001javascript:alert(1)', 'scheme'],
    ['percent-encoded', 'java%73cript:alert(1)', 'javascript:alert(1)', 'scheme'],
    ['protocol-relative //host', '//evil.example/page', '//evil.example/page', 'elsewhere'],
    ['a path relative to the page', 'countries/kazakhstan', 'countries/kazakhstan', 'elsewhere'],
  ])('shows the text of a link to %s, never its source, and says why', (_kind, target, shown, reason) => {
    const html = renderMarkdown(paragraph(target))
    expect(html).toBe(`<p>${before}${word}${after}</p>\n`)
    expect(html).not.toMatch(/<a |\]\(|href/)
    expect(droppedLinks(paragraph(target))).toEqual([{ text: word, target: shown, reason }])
  })

  it('drops refused reference links and autolinks the same way', () => {
    const source = `${before}[${word}][ref] <javascript:alert(1)>${after}\n\n[ref]: #`
    expect(renderMarkdown(source)).toBe(`<p>${before}${word} javascript:alert(1)${after}</p>\n`)
    expect(droppedLinks(source)).toEqual([
      { text: word, target: '#', reason: 'empty' },
      { text: 'javascript:alert(1)', target: 'javascript:alert(1)', reason: 'scheme' },
    ])
  })

  it('keeps the formatting inside a dropped link and reports its plain text', () => {
    expect(renderMarkdown(`[**${word}** \`x\`](#)`)).toBe(`<p><strong>${word}</strong> <code>x</code></p>\n`)
    expect(droppedLinks(`[**${word}** \`x\`](#)`)).toEqual([{ text: `${word} x`, target: '#', reason: 'empty' }])
  })
})

describe('droppedLinks', () => {
  it('does not report bare addresses that were never written as links', () => {
    expect(droppedLinks('See //evil.example and ftp://files.example, or https://example.org.')).toEqual([])
  })
})
