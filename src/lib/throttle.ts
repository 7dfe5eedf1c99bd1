/**
 * A small in-memory limit on public forms that cause e-mail or rows (subscribing, asking for
 * accreditation): at most `max` uses per key (an IP, an address) in a sliding window. It lives
 * in one process and forgets on restart, which is enough to blunt scripted abuse of two forms;
 * it holds at most `maxKeys` keys, dropping the oldest, so a flood of keys cannot exhaust memory.
 */
export interface Limiter {
  /** Counts one use of `key` and says whether it is within the limit. */
  take(key: string, now: Date): boolean
}

export function createLimiter(options: { max: number; windowMs: number; maxKeys?: number }): Limiter {
  const maxKeys = options.maxKeys ?? 10_000
  const uses = new Map<string, number[]>()
  return {
    take(key, now) {
      const since = now.getTime() - options.windowMs
      const recent = (uses.get(key) ?? []).filter((at) => at > since)
      const allowed = recent.length < options.max
      if (allowed) recent.push(now.getTime())
      // Re-inserting moves the key to the end: the first key is the least recently used.
      uses.delete(key)
      uses.set(key, recent)
      if (uses.size > maxKeys) uses.delete(uses.keys().next().value!)
      return allowed
    },
  }
}
