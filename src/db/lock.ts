import { createHash } from 'node:crypto'
import { link, readFile, realpath, rename, rm, writeFile } from 'node:fs/promises'
import { createConnection, createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'

/**
 * PGlite's files may be opened by one process only. Whoever opens them directly (the web
 * server, or a command when no server runs) holds this lock; others use the socket (decision 017).
 *
 * On Linux the lock is a listening Unix socket in the abstract namespace, named after the data
 * directory's real path: the kernel lets one socket bind a name and frees it when the process dies,
 * however it dies, so there is no stale lock to clear and no race in clearing one. Deleting
 * `pglite.lock` by hand changes nothing. The holder answers a connection with its pid, for the
 * message of whoever is refused. `pglite.lock` still holds the pid, for people to read.
 *
 * Elsewhere (macOS, Windows: no abstract namespace) the lock is that file alone, which a
 * process that died leaves behind: it is taken over when its pid is no longer alive. That takeover
 * can race (two processes clearing the same stale file at once), which the socket cannot.
 */
export class DatabaseBusyError extends Error {}

export async function acquireDataDirLock(dataDir: string): Promise<() => Promise<void>> {
  const path = join(dataDir, 'pglite.lock')
  if (process.platform !== 'linux') return acquireLockFile(dataDir, path)
  const server = await bindLockSocket(dataDir, await lockSocketName(dataDir))
  try {
    await writeAtomically(path, String(process.pid))
  } catch (error) {
    server.close()
    throw error
  }
  return async () => {
    await removeIfOurs(path)
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
}

/** A name under 108 bytes whatever the path; the same for every path that leads to the directory. */
async function lockSocketName(dataDir: string): Promise<string> {
  const hash = createHash('sha256')
    .update(await realpath(dataDir))
    .digest('hex')
  return `\0civic-monitor-pglite-${hash.slice(0, 40)}`
}

async function bindLockSocket(dataDir: string, name: string): Promise<Server> {
  for (let attempt = 0; ; attempt++) {
    const server = createServer((socket) => {
      socket.on('error', () => undefined) // an asker that left before the answer
      socket.end(String(process.pid))
    })
    const bound = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
      server.once('error', resolve)
      server.listen(name, () => resolve(null))
    })
    if (!bound) {
      server.unref() // the lock never keeps a finished command alive
      return server
    }
    if (bound.code !== 'EADDRINUSE') throw bound
    const holder = await askHolder(name)
    // The holder may have let go between our bind and our question: try once more.
    if (holder !== 'gone' || attempt > 0) throw busy(dataDir, holder === 'gone' ? 'another process' : holder)
  }
}

function askHolder(name: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = ''
    const socket = createConnection(name)
    socket.setTimeout(2_000, () => socket.destroy())
    socket.on('data', (data: Buffer) => (answer += data.toString()))
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'gone' : 'another process'))
    socket.on('close', () => resolve(/^\d+$/.test(answer) ? `process ${answer}` : 'another process'))
  })
}

async function writeAtomically(path: string, text: string): Promise<void> {
  const draft = `${path}.${process.pid}`
  await writeFile(draft, text, { mode: 0o600 })
  await rename(draft, path)
}

/** Never remove a lock file another process wrote since. */
async function removeIfOurs(path: string): Promise<void> {
  if ((await readFile(path, 'utf8').catch(() => '')) === String(process.pid)) await rm(path, { force: true })
}

/** The lock file alone, where there is no abstract socket namespace (see above). */
async function acquireLockFile(dataDir: string, path: string): Promise<() => Promise<void>> {
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
      return () => removeIfOurs(path)
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
