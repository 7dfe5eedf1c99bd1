import type { TestProject } from 'vitest/node'
import { seededData } from './seeded-data.js'

/** Every project: the seeded embedded database, built once per key (see seeded-data.ts). */
declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string
    seededDataDir: string
  }
}

export default async function setup(project: TestProject) {
  const seeded = await seededData()
  project.provide('pgliteTemplate', seeded.tarball)
  project.provide('seededDataDir', seeded.dataDir)
}
