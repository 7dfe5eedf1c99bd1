import type { PGliteOptions } from '@electric-sql/pglite'
import pg from 'pg'

/**
 * One shape for values from both back-ends: dates stay 'YYYY-MM-DD' strings (no time-zone
 * shifts), int8 counts become numbers (populations and counts stay far below 2^53).
 */
const DATE = 1082
const INT8 = 20
const parsers: Record<number, (value: string) => unknown> = {
  [DATE]: (value) => value,
  [INT8]: (value) => Number(value),
}

export const pgliteParsers: PGliteOptions['parsers'] = parsers

export const pgTypes: pg.CustomTypesConfig = {
  getTypeParser(oid: number, format?: 'text' | 'binary'): (value: string) => unknown {
    const parser = parsers[oid]
    if (parser && format !== 'binary') return parser
    return pg.types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown
  },
}
