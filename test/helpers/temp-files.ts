import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'

/**
 * A temporary folder for the files a test file hands to the command line (CSV imports, a data
 * directory), made before its tests and removed after them. Call it at the top of the file, so
 * the folder exists before the file's own beforeAll hooks run.
 */
export function useTempFolder(prefix: string): { path: (name: string) => string; write: (name: string, text: string) => Promise<string> } {
  let dir = ''
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))
  const path = (name: string) => join(dir, name)
  return {
    path,
    /** Writes a file in the folder and returns its path. */
    write: async (name, text) => {
      await writeFile(path(name), text)
      return path(name)
    },
  }
}
