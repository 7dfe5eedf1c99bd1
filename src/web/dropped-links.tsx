import { droppedLinkMessage, type WriteWarning } from '../lib/link-warnings.js'
import type { PageContext } from './page-context.js'

/**
 * The links of a text that readers will see as text only, and why: in the editor, beside the
 * preview or the saved text. `byLanguage`: the fields are one text in several languages
 * (`body_ru`, see linkWarningsByLanguage), and each link is labelled with its language.
 */
export function DroppedLinks({ ctx, warnings, byLanguage = false }: { ctx: PageContext; warnings: WriteWarning[]; byLanguage?: boolean }) {
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
            {byLanguage && `${ctx.t(`language.${w.field.slice(w.field.lastIndexOf('_') + 1) as 'en'}`)}: `}
            {ctx.t(droppedLinkMessage(w), { text: w.text, target: w.target })}
          </li>
        ))}
      </ul>
    </div>
  )
}
