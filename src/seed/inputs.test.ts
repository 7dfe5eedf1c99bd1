import { existsSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../config.js'
import { INDICATOR_SEED_FILES } from './indicators.js'
import { INDICATORS_DIR, POPULATION_FILE, SAMPLE_DIR, SNAPSHOT_FILE, TAXONOMY_FILE } from './inputs.js'

/**
 * A user who deletes ./data to start again must lose nothing the next start needs: every file the
 * seed reads is tracked outside the default DATA_DIR. (The first start on an empty DATA_DIR is
 * test/integration/server.test.ts.)
 */
const inside = (dir: string, path: string) => !relative(dir, path).startsWith('..')

describe('the data directory holds only data', () => {
  const defaultDataDir = loadConfig({}).dataDir
  const inputs = [
    SNAPSHOT_FILE,
    POPULATION_FILE,
    TAXONOMY_FILE,
    ...INDICATOR_SEED_FILES.map(({ file }) => new URL(file, INDICATORS_DIR)),
    new URL('updates.csv', SAMPLE_DIR),
    new URL('incidents.csv', SAMPLE_DIR),
  ].map((url) => fileURLToPath(url))

  it('keeps every file the seed reads outside the default DATA_DIR, where they exist', () => {
    expect(defaultDataDir).toBe(fileURLToPath(new URL('../../data', import.meta.url)))
    for (const input of inputs) {
      expect(existsSync(input), input).toBe(true)
      expect(inside(defaultDataDir, input), `${input} is under ${defaultDataDir}`).toBe(false)
    }
  })

  it('reads every dataset in seed/ (none is left behind unused)', async () => {
    const tracked = (await readdir(fileURLToPath(new URL('../../seed/', import.meta.url)), { recursive: true }))
      .filter((name) => /\.(csv|json)$/.test(name))
      .map((name) => fileURLToPath(new URL(name, new URL('../../seed/', import.meta.url))))
    expect(tracked.sort()).toEqual([...inputs].sort())
  })
})
