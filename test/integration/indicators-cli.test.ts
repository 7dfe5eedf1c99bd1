import { rename } from 'node:fs/promises'
import { beforeAll, describe, expect, it } from 'vitest'
import { openClientDatabase } from '../../src/db/database.js'
import { cli } from '../helpers/cli.js'
import { seededDataDir } from '../helpers/databases.js'
import { createCountry } from '../helpers/factories.js'
import { useTempFolder } from '../helpers/temp-files.js'

/**
 * `civic-monitor import indicators` as a user runs it (in this process), on a copy of the seeded
 * embedded database with a fictional country; only the fictional source's values are looked at.
 */
const { path, write: csv } = useTempFolder('cm-indicators-cli-')
const env = () => ({ DATA_DIR: path('data') })
const storedValues = async () => {
  const database = await openClientDatabase({ dataDir: env().DATA_DIR })
  try {
    return await database.db
      .selectFrom('indicator_values')
      .select(['indicator', 'country_code', 'year', 'value', 'source'])
      .where('source', '=', 'Fictional Survey')
      .orderBy('year')
      .execute()
  } finally {
    await database.close()
  }
}

beforeAll(async () => {
  await rename(await seededDataDir('indicators-cli'), env().DATA_DIR)
  const database = await openClientDatabase({ dataDir: env().DATA_DIR })
  await createCountry(database.db, { code: 'XQA', name: 'Fictional Arcadia' })
  await database.close()
}, 60_000)

describe('civic-monitor import indicators', () => {
  it('stops at a malformed line, naming the file and line, and writes nothing', async () => {
    const file = await csv('bad.csv', 'country,year,indicator,value\nXQA,2020,fictional_index,1\nXQA,twenty,fictional_index,2\n')
    const result = await cli(['import', 'indicators', '--source', 'Fictional Survey', file], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${file}:3: bad year "twenty"`)
    expect(result.stderr).toContain('1 line(s) have errors; nothing was imported')
    expect(await storedValues()).toEqual([])
  })

  it('imports the valid lines, lists unmatched countries as skipped, and prints a summary per indicator', async () => {
    const file = await csv(
      'good.csv',
      'country,year,indicator,value\nXQA,2020,fictional_index,1.5\nFictional Arcadia,2021,fictional_index,2\nNowhere Land,2020,fictional_index,3\n',
    )
    const result = await cli(['import', 'indicators', '--source', 'Fictional Survey', file], env())
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toContain('skipped: unmatched "Nowhere Land" (1 row(s)): not a monitored country')
    expect(result.stdout).toContain(`Imported 2 value(s) from ${file} (source "Fictional Survey"):`)
    expect(result.stdout).toContain('fictional_index: 2 value(s), 1 country, 2020-2021')
    expect(await storedValues()).toEqual([
      { indicator: 'fictional_index', country_code: 'XQA', year: 2020, value: 1.5, source: 'Fictional Survey' },
      { indicator: 'fictional_index', country_code: 'XQA', year: 2021, value: 2, source: 'Fictional Survey' },
    ])
  }, 60_000)

  it('needs --source, and says so', async () => {
    const file = await csv('any.csv', 'country,year,indicator,value\nXQA,2020,fictional_index,1\n')
    const result = await cli(['import', 'indicators', file], env())
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('import indicators --source freedom-house|rsf|vdem|NAME FILE.csv')
  })
})
