import MarkdownIt from 'markdown-it'

/**
 * Markdown as researchers write it, rendered safely: raw HTML is shown as text, never
 * interpreted; only http(s) and mailto links survive; links open nothing on their own and carry
 * no referrer. The output is safe to put into a page as HTML.
 */
const md = new MarkdownIt({ html: false, linkify: true, typographer: false })
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim())
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options))
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx]!.attrSet('rel', 'nofollow noopener noreferrer')
  return defaultLinkOpen(tokens, idx, options, env, self)
}
// Images would load from other hosts: not on a site read over Tor. Shown as their alt text.
md.disable('image')

export function renderMarkdown(source: string): string {
  return md.render(source)
}
