import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Database } from '../../db/database.js'
import { INDICATOR_SEED_FILES, METHODOLOGY_V1_NOTES, seedIndicators, seedMethodology } from '../../seed/indicators.js'
import { backends, freshDatabase } from '../../../test/helpers/databases.js'
import { createCountry } from '../../../test/helpers/factories.js'
import { DEFAULT_METHODOLOGY } from './methodology.js'
import { methodologyInForce } from './methodology.queries.js'
import { importIndicators } from './indicators.service.js'

/**
 * The indicator import through the real database, on the seeded template (which holds the real
 * files of seed/indicators) and on fictional countries.
 */
const ACTOR = { name: 'test:indicators' }
const seedFile = (name: string) => readFileSync(new URL(`../../../seed/indicators/${name}`, import.meta.url), 'utf8')
const lineCount = (text: string) => text.split(/\r?\n/).filter((line) => line !== '').length - 1

describe.each(backends)('indicator values on %s', (kind) => {
  let database: Database
  beforeAll(async () => {
    database = await freshDatabase(kind)
    await createCountry(database.db, { code: 'XQA', name: 'Fictional Arcadia' })
    await createCountry(database.db, { code: 'XQB', name: 'Fictional Borduria' })
  })
  afterAll(() => database.close())

  const counts = async () => {
    const rows = await database.db
      .selectFrom('indicator_values')
      .select(['indicator', (eb) => eb.fn.countAll<string>().as('n'), (eb) => eb.fn.sum<string>('value').as('total')])
      .groupBy('indicator')
      .orderBy('indicator')
      .execute()
    return rows.map((r) => ({ indicator: r.indicator, n: Number(r.n), total: Number(r.total) }))
  }
  const valuesOf = (indicator: string, code: string) =>
    database.db
      .selectFrom('indicator_values')
      .select(['year', 'value', 'source'])
      .where('indicator', '=', indicator)
      .where('country_code', '=', code)
      .orderBy('year')
      .execute()

  it('is seeded with methodology v1 in force and every value of the three real files, less the unmatched rows', async () => {
    const v1 = await methodologyInForce(database.db)
    expect(v1).toMatchObject({ label: 'v1', status: 'published', config: DEFAULT_METHODOLOGY, notes: METHODOLOGY_V1_NOTES })
    expect(v1?.publishedAt).not.toBeNull()
    const [fh, rsf, vdem] = INDICATOR_SEED_FILES.map(({ file }) => lineCount(seedFile(file)))
    const n = Object.fromEntries((await counts()).map((c) => [c.indicator, c.n]))
    // Freedom House: all 193 names match; RSF: Hong Kong and Northern Cyprus (9 rows each) do not;
    // V-Dem: the German Democratic Republic (23), the Republic of Vietnam (8) and South Yemen (23) do not.
    expect(n).toEqual({ fh_cl: fh, rsf: rsf! - 18, vdem_ccsi: vdem! - 54, vdem_freexp: vdem! - 54 })
    expect(n).toEqual({ fh_cl: 4979, rsf: 1591, vdem_ccsi: 8742, vdem_freexp: 8742 })
    // The double-encoded Côte d'Ivoire and RSF's OWID_KOS are in; RSF's score is stored as the file has it.
    expect(await valuesOf('fh_cl', 'CIV')).toHaveLength(26)
    const kosovo = seedFile('rsf_press_freedom_2013_2021.csv')
      .split('\n')
      .filter((line) => line.startsWith('Kosovo,OWID_KOS,'))
      .map((line) => ({ year: Number(line.split(',')[2]), value: Number(line.split(',')[3]) }))
    expect(kosovo.length).toBeGreaterThan(0)
    expect((await valuesOf('rsf', 'XKX')).map(({ year, value }) => ({ year, value }))).toEqual(kosovo)
  })

  it('keeps what is there when the seed runs again', async () => {
    const before = await counts()
    expect(await seedMethodology(database.db, ACTOR)).toBe('kept')
    expect(await seedIndicators(database.db, ACTOR)).toBe('kept')
    expect(await counts()).toEqual(before)
  })

  it('seeds an empty table again from the files, and reports the countries it could not match', async () => {
    const before = await counts()
    await database.db.deleteFrom('indicator_values').execute()
    const seeded = await seedIndicators(database.db, ACTOR)
    expect(seeded !== 'kept' && seeded.unmatched).toEqual([
      { name: 'Hong Kong (HKG)', rows: 9 },
      { name: 'Northern Cyprus (OWID_CYN)', rows: 9 },
      { name: 'German Democratic Republic (DDR)', rows: 23 },
      { name: 'Republic of Vietnam (VDR)', rows: 8 },
      { name: 'South Yemen (YMD)', rows: 23 },
    ])
    expect(await counts()).toEqual(before)
  })

  it('imports the same file again without changing anything (values are replaced, not added)', async () => {
    const before = await counts()
    const outcome = await importIndicators(database.db, seedFile('freedom_house_fiw_1995_2020.csv'), {
      source: 'freedom-house',
      actor: ACTOR,
    })
    expect(outcome).toMatchObject({
      errors: [],
      unmatched: [],
      written: [{ indicator: 'fh_cl', values: 4979, countries: 193, firstYear: 1995, lastYear: 2020 }],
    })
    expect(await counts()).toEqual(before)
  })

  it('writes nothing when one line is malformed, and says which', async () => {
    const before = await counts()
    const text = 'country,year,indicator,value\nXQA,2020,fictional_index,10\nXQB,2020,fictional_index,ten\nXQA,2021,fictional_index,12\n'
    const outcome = await importIndicators(database.db, text, { source: 'Fictional Survey', actor: ACTOR })
    expect(outcome.errors).toEqual([{ line: 3, message: 'value "ten" is not a number' }])
    expect(outcome.written).toEqual([])
    expect(await counts()).toEqual(before)
  })

  it('imports the generic layout, reports unmatched countries without failing, and replaces on re-import', async () => {
    const text = (value: number) =>
      `country,year,indicator,value\nXQA,2020,fictional_index,${value}\nFictional Borduria,2020,fictional_index,3\nXQZ,2020,fictional_index,4\nXQZ,2021,fictional_index,5\n`
    const first = await importIndicators(database.db, text(1), { source: 'Fictional Survey', actor: ACTOR })
    expect(first).toEqual({
      source: 'Fictional Survey',
      errors: [],
      unmatched: [{ name: 'XQZ', rows: 2 }],
      missing: 0,
      written: [{ indicator: 'fictional_index', values: 2, countries: 2, firstYear: 2020, lastYear: 2020 }],
    })
    expect(await valuesOf('fictional_index', 'XQA')).toEqual([{ year: 2020, value: 1, source: 'Fictional Survey' }])
    await importIndicators(database.db, text(2), { source: 'Fictional Survey, revised', actor: ACTOR })
    expect(await valuesOf('fictional_index', 'XQA')).toEqual([{ year: 2020, value: 2, source: 'Fictional Survey, revised' }])
    expect(await valuesOf('fictional_index', 'XQB')).toHaveLength(1)
  })
})
