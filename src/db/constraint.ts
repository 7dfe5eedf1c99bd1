/**
 * Whether a database error is a violation of the named constraint or unique index. Both back
 * ends report it the same way: PostgreSQL's SQLSTATE and the constraint's name.
 */
export function violates(error: unknown, constraint: string): boolean {
  const e = error as { code?: unknown; constraint?: unknown } | null
  return typeof e === 'object' && e !== null && e.constraint === constraint && typeof e.code === 'string' && e.code.startsWith('23')
}
