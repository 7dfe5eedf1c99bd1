import { link, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * PGlite's files may be opened by one process only. Whoever opens them directly (the web
 * server, or a command when no server runs) holds this lock file; others use the socket.
 * The file appears complete (link() of a file already holding the pid) or not at all.
 */
export class DatabaseBusyError extends Error {}

export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'pglite.lock')
  const draft = `${path}.${process.pid}`
  await writeFile(draft, String(process.pid), { mode: 0o600 })
  try {
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await link(draft, path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        const holder = await readFile(path, 'utf8').catch(() => '')
        const pid = Number(holder)
        if (!(pid > 0)) throw busy(dataDir, `an unreadable lock file ${path} (remove it if no civic-monitor process runs)`)
        if (pid !== process.pid && isAlive(pid)) throw busy(dataDir, `process ${pid}`)
        await rm(path, { force: true }) // left behind by a process that died
        continue
      }
      // Two processes clearing the same stale lock could both get here: the later link wins
      // the file, so re-read it after a moment and give way if it is not ours.
      await sleep(50)
      if ((await readFile(path, 'utf8').catch(() => '')) !== String(process.pid))
        throw busy(dataDir, 'another process starting at the same time')
      return () => rm(path, { force: true })
    }
    throw busy(dataDir, 'another process')
  } finally {
    await rm(draft, { force: true })
  }
}

function busy(dataDir: string, holder: string): DatabaseBusyError {
  return new DatabaseBusyError(
    `The embedded database in ${dataDir} is in use by ${holder}. Wait for it to finish, or stop it, and try again.`,
  )
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
