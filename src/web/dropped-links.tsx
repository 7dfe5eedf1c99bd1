import { droppedLinkMessage, type WriteWarning } from '../lib/link-warnings.js'
import type { PageContext } from './page-context.js'

/**
 * The links of a text that readers will see as text only, and why: in the editor, beside the
 * preview or the saved text. `where` names the field of each (a language), when there are several.
 */
export function DroppedLinks({ ctx, warnings, where }: { ctx: PageContext; warnings: WriteWarning[]; where?: (field: string) => string }) {
  if (warnings.length === 0) return null
  return (
    <div class="notice dropped-links" role="status" aria-labelledby="dropped-links-title">
      <p id="dropped-links-title">
        <strong>{ctx.t('markdown.dropped.title')}</strong>
      </p>
      <p>{ctx.t('markdown.dropped.intro')}</p>
      <ul>
        {warnings.map((w) => (
          <li>
            {where && `${where(w.field)}: `}
            {ctx.t(droppedLinkMessage(w), { text: w.text, target: w.target })}
          </li>
        ))}
      </ul>
    </div>
  )
}
