import { parse } from 'csv-parse/sync'

/** A problem with one line of an imported file (1 is the header). */
export interface LineProblem {
  line: number
  message: string
}

export type CsvRecords = { header: string[]; lines: { line: number; values: string[] }[] } | { error: LineProblem }

/**
 * Reads an imported CSV file into its header (trimmed, lower case) and records, each with the
 * line it starts on. `items` names what the lines hold, for the messages: ['rating', 'ratings'].
 */
export function readCsvRecords(text: string, items: [one: string, many: string]): CsvRecords {
  let parsed: { record: string[]; info: { lines: number } }[]
  try {
    parsed = parse(text, { bom: true, info: true, skip_empty_lines: true, relax_column_count: true }) as unknown as typeof parsed
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1
    return { error: { line, message: `not a readable CSV file: ${(error as Error).message}` } }
  }
  const [first, ...rest] = parsed
  if (!first) return { error: { line: 1, message: `the file is empty: expected a header line and at least one ${items[0]}` } }
  if (rest.length === 0) return { error: { line: 1, message: `the file has a header but no ${items[1]}` } }
  return {
    header: first.record.map((name) => name.trim().toLowerCase()),
    // info.lines is where a record ends; a quoted value may span lines, so count back to its start.
    lines: rest.map(({ record, info }) => ({
      line: info.lines - record.reduce((n, value) => n + value.split('\n').length - 1, 0),
      values: record,
    })),
  }
}

/** More values than the header has names: usually a value with a comma that lacks quotes. */
export function extraFieldsProblem(line: number, values: string[], header: string[]): LineProblem | null {
  if (values.length <= header.length) return null
  return { line, message: `${values.length} fields but the header has ${header.length}: put quotes around values that contain commas` }
}
