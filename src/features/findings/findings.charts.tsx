import type { ShareKey } from './findings.stats.js'

/**
 * A horizontal bar chart drawn on the server: one bar per rating category, coloured by the
 * same classes as the map (cat-open …), each bar labelled with its word and its number so
 * colour is never the only cue. role="img" with a title and a description that states every
 * number; the page repeats the numbers in a table.
 */
export interface Bar {
  key: ShareKey
  label: string
  value: number
  /** The number as shown next to the bar (formatted for the locale). */
  text: string
}

const [LABEL_WIDTH, BAR_SPACE, VALUE_SPACE, ROW, BAR] = [140, 260, 80, 30, 22]

export function BarChart({ id, title, bars, max }: { id: string; title: string; bars: Bar[]; max?: number }) {
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1)
  const width = LABEL_WIDTH + BAR_SPACE + VALUE_SPACE
  const height = bars.length * ROW + 8
  const desc = bars.map((b) => `${b.label}: ${b.text}`).join('; ')
  // Coordinates run left to right in every language; each label is a single run of text.
  return (
    <svg class="findings-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={`${id}-title ${id}-desc`} direction="ltr">
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {bars.map((bar, i) => {
        const y = 4 + i * ROW
        const length = bar.value > 0 ? Math.max(2, (bar.value / top) * BAR_SPACE) : 0
        return (
          <g>
            <text x={LABEL_WIDTH - 8} y={y + BAR / 2} dominant-baseline="middle" text-anchor="end" class="chart-label">
              {bar.label}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={length} height={BAR} class={`bar cat-${bar.key}`} />
            <text x={LABEL_WIDTH + length + 6} y={y + BAR / 2} dominant-baseline="middle" class="chart-value">
              {bar.text}
            </text>
          </g>
        )
      })}
    </svg>
  )
}
