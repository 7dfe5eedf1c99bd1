import type { PageContext } from '../../web/page-context.js'
import type { Category } from './scale.js'

/** A category as a swatch and a word: never colour alone. */
export function RatingLabel({ ctx, category }: { ctx: PageContext; category: Category | null }) {
  return (
    <span>
      <span class={`swatch cat-${category ?? 'unrated'}`} aria-hidden="true" />
      {category ? ctx.t(`category.${category}`) : ctx.t('category.unrated')}
    </span>
  )
}
