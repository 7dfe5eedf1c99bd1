import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { useTempFolder } from '../../test/helpers/temp-files.js'
import { acquireDataDirLock, DatabaseBusyError } from './lock.js'

/** One process owns a data directory's files, whatever order its rivals come in. */
const { path } = useTempFolder('cm-lock-')

/** A pid no process has now: the one of a process that has just ended. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid

async function folder(name: string): Promise<string> {
  await mkdir(path(name))
  return path(name)
}

describe('acquireDataDirLock', () => {
  it('lets exactly one of many takers hold a lock left by a process that died', async () => {
    const dir = await folder('stale')
    await writeFile(`${dir}/pglite.lock`, String(deadPid()))
    const takers = await Promise.allSettled(Array.from({ length: 8 }, () => acquireDataDirLock(dir)))
    const held = takers.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []))
    expect(held).toHaveLength(1)
    for (const t of takers) if (t.status === 'rejected') expect(t.reason).toBeInstanceOf(DatabaseBusyError)
    expect(await readFile(`${dir}/pglite.lock`, 'utf8')).toBe(String(process.pid))
    await held[0]!()
    expect(existsSync(`${dir}/pglite.lock`)).toBe(false)
  })

  it('keeps holding when pglite.lock is deleted by hand, and names the holder to whoever is refused', async () => {
    const dir = await folder('deleted')
    const unlock = await acquireDataDirLock(dir)
    await rm(`${dir}/pglite.lock`)
    await expect(acquireDataDirLock(dir)).rejects.toThrow(`in use by process ${process.pid}`)
    await unlock()
    await (
      await acquireDataDirLock(dir)
    )() // released: free again
  })

  it('is one lock for every path that leads to the directory', async () => {
    const dir = await folder('paths')
    const unlock = await acquireDataDirLock(dir)
    await expect(acquireDataDirLock(`${dir}/../paths/.`)).rejects.toThrow(DatabaseBusyError)
    await unlock()
  })
})
