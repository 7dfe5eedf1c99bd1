import type { PGlite } from '@electric-sql/pglite'
import type { Mutex } from './mutex.js'

/**
 * PGlite runs PostgreSQL as a single-user backend: there is no checkpointer process, so while the
 * server runs nothing checkpoints (not even after max_wal_size), the WAL only grows, and after a
 * kill -9 or a power cut the next start replays every byte of it (here about a second per 100 MB,
 * measured 13.6 s for 1.3 GB). A clean stop checkpoints. So the running server checkpoints itself,
 * as PostgreSQL's checkpointer would: when enough WAL has been written since the last checkpoint, or
 * some has and the last one is old. A checkpoint takes the database's mutex like any query, so it
 * waits for an open transaction and the site waits while it writes the changed pages.
 */
export interface CheckpointPolicy {
  /** How often to look at the WAL written since the last checkpoint (one cheap query). */
  checkEveryMs: number
  /** Checkpoint once this much WAL waits to be replayed (16 MB: a fraction of a second). */
  walBytes: number
  /** Checkpoint any WAL written once the last checkpoint is this old (PostgreSQL's checkpoint_timeout, 5 min there). */
  maxAgeMs: number
}

export const CHECKPOINTS: CheckpointPolicy = { checkEveryMs: 2_000, walBytes: 16 * 2 ** 20, maxAgeMs: 60_000 }

export interface CheckpointLog {
  debug(details: object, message: string): void
  warn(details: object, message: string): void
}

/** The WAL a crash would replay now: written since the redo point of the last checkpoint. */
export const PENDING_WAL_SQL =
  'select pg_wal_lsn_diff(pg_current_wal_insert_lsn(), redo_lsn)::float8 as pending from pg_control_checkpoint()'

/** Starts checking; the returned function stops, and resolves once a check under way has finished. */
export function startCheckpoints(pglite: PGlite, mutex: Mutex, log: CheckpointLog, policy = CHECKPOINTS): () => Promise<void> {
  let lastAt = Date.now()
  let settled = 0 // WAL pending right after our last checkpoint: its own record, not new writes
  let running: Promise<void> = Promise.resolve()
  let timer: NodeJS.Timeout | undefined

  const pending = async () => (await pglite.query<{ pending: number }>(PENDING_WAL_SQL)).rows[0]?.pending ?? 0
  const check = async () => {
    const release = await mutex.lock()
    try {
      const before = await pending()
      if (before < policy.walBytes && !(before > settled && Date.now() - lastAt >= policy.maxAgeMs)) return
      const started = Date.now()
      await pglite.exec('checkpoint')
      lastAt = Date.now()
      settled = await pending()
      log.debug({ walBytes: before, ms: lastAt - started }, 'database checkpoint')
    } finally {
      release()
    }
  }
  const schedule = () => {
    timer = setTimeout(() => {
      running = check()
        .catch((error: unknown) => log.warn({ err: error }, 'database checkpoint failed; retrying at the next check'))
        .finally(() => {
          if (timer) schedule()
        })
    }, policy.checkEveryMs)
    timer.unref()
  }
  schedule()
  return async () => {
    clearTimeout(timer)
    timer = undefined
    await running
  }
}
