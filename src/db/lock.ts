import { open, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * PGlite's files may be opened by one process only. Whoever opens them directly (the web
 * server, or a command when no server runs) holds this lock file; others use the socket.
 */
export class DatabaseBusyError extends Error {}

export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'pglite.lock')
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const file = await open(path, 'wx', 0o600)
      await file.writeFile(String(process.pid))
      await file.close()
      return () => rm(path, { force: true })
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number(await readFile(path, 'utf8').catch(() => ''))
      if (pid > 0 && pid !== process.pid && isAlive(pid)) {
        throw new DatabaseBusyError(
          `The embedded database in ${dataDir} is in use by process ${pid}. ` + 'Wait for it to finish, or stop it, and try again.',
        )
      }
      await rm(path, { force: true }) // left behind by a process that died
    }
  }
  throw new DatabaseBusyError(`Could not lock the embedded database in ${dataDir}`)
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
