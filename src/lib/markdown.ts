import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'

/**
 * Markdown as researchers write it, rendered safely: raw HTML is shown as text, never
 * interpreted. A link stays a link when it goes to the web (http, https), to an e-mail address
 * (mailto) or to this site (a root-relative path or a #fragment); any other link is shown as its
 * text alone, never as its Markdown source, and `droppedLinks` says which and why, for the
 * editor's preview and the write API's warnings. Links to other sites carry no referrer. The
 * output is safe to put into a page as HTML.
 */

/** Why a link is shown as its text: no address yet (`#`, empty), a refused scheme, or not a page of the web or this site. */
export type DropReason = 'empty' | 'scheme' | 'elsewhere'
export interface DroppedLink {
  text: string
  target: string
  reason: DropReason
}

const EXTERNAL = /^(https?:|mailto:)/i
// A path of this site, not `//host` or `/\host` (which browsers read as another host), or a fragment.
const LOCAL = /^(\/(?![/\\])|#.)/

const isSkipped = (code: number) => code <= 0x20 || (code >= 0x7f && code <= 0x9f)

/** Null when the link stays; otherwise why not. `href` is as markdown-it normalized it (entities decoded, the rest percent-encoded). */
function judge(href: string): DropReason | null {
  if (EXTERNAL.test(href) || LOCAL.test(href)) return null
  if (href === '' || href === '#') return 'empty'
  // What a browser would see: percent-decoded, without the whitespace and control characters it skips.
  const bare = [...safeDecode(href)].filter((c) => !isSkipped(c.codePointAt(0)!)).join('')
  return /^[a-z][a-z0-9+.-]*:/i.test(bare) ? 'scheme' : 'elsewhere'
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

const md = new MarkdownIt({ html: false, linkify: true, typographer: false })
// Every link parses as a link (a refused one would otherwise be left as its source); the core rule
// below decides which stay.
md.validateLink = () => true
// Images would load from other hosts: not on a site read over Tor. Shown as their alt text.
md.disable('image')

interface Env {
  droppedLinks?: DroppedLink[]
}

/** The inline tokens with refused links unwrapped to their text; each one recorded in `dropped`. */
function checkLinks(tokens: Token[], dropped: DroppedLink[]): Token[] {
  const kept: Token[] = []
  // Links do not nest in Markdown, but the stack keeps each link_close with its own link_open.
  const open: (DroppedLink | null)[] = []
  for (const token of tokens) {
    if (token.type === 'link_open') {
      const href = token.attrGet('href') ?? ''
      const reason = judge(href)
      if (reason === null && EXTERNAL.test(href)) token.attrSet('rel', 'nofollow noopener noreferrer')
      open.push(reason === null ? null : { text: '', target: md.normalizeLinkText(href), reason })
      if (reason !== null) continue
    } else if (token.type === 'link_close') {
      const link = open.pop()
      if (link) {
        // A bare address that linkify found was never written as a link: nothing to report.
        if (token.markup !== 'linkify') dropped.push({ ...link, text: link.text.trim() })
        continue
      }
    } else {
      const link = open.at(-1)
      if (link) link.text += token.type === 'softbreak' || token.type === 'hardbreak' ? ' ' : token.content
    }
    kept.push(token)
  }
  return kept
}

md.core.ruler.after('linkify', 'checked_links', (state) => {
  const env = state.env as Env
  const dropped: DroppedLink[] = []
  for (const block of state.tokens) if (block.type === 'inline' && block.children) block.children = checkLinks(block.children, dropped)
  env.droppedLinks = dropped
})

export function renderMarkdown(source: string): string {
  return md.render(source, {})
}

/** The links of a text that are shown as their text only, in order, with why. */
export function droppedLinks(source: string): DroppedLink[] {
  const env: Env = {}
  md.parse(source, env)
  return env.droppedLinks ?? []
}
