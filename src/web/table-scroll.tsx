import type { ComponentChildren } from 'preact'

/** A wide table that scrolls sideways on narrow screens: focusable and named, so keyboards can scroll it too. */
export function TableScroll({ labelledBy, children }: { labelledBy: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-labelledby={labelledBy}>
      {children}
    </div>
  )
}
