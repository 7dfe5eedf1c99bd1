import { rm } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openClientDatabase } from '../../src/db/database.js'
import { cli } from '../helpers/cli.js'
import { seededDataDir } from '../helpers/databases.js'
import { createCountry } from '../helpers/factories.js'
import { runCli } from '../helpers/processes.js'
import { useTempFolder } from '../helpers/temp-files.js'

/**
 * The command line on the embedded database, without `npm start` running (cli-socket.test.ts
 * has it running). Most commands run in this process (`cli`); a few run as the real
 * `civic-monitor` process (`runCli`) for what only a process shows: exit codes. The data
 * directory starts as a copy of the run's seeded database.
 */
const { path, write: csv } = useTempFolder('cm-cli-')
let alone: string
beforeAll(async () => {
  alone = await seededDataDir('cli-alone')
})
afterAll(() => rm(alone, { recursive: true, force: true }))

describe('civic-monitor without a running server', () => {
  const env = () => ({ DATA_DIR: alone })

  it('seeds what is missing and reports it, and a second seed keeps what is there', async () => {
    expect((await cli(['migrate'], env())).stdout).toBe('The schema is up to date.\n')
    const database = await openClientDatabase({ dataDir: alone })
    await database.db.deleteFrom('ratings').execute()
    await database.close()
    const seed = await cli(['seed'], env())
    expect(seed.code, seed.stderr).toBe(0)
    expect(seed.stdout).toContain('Countries added: 0.')
    expect(seed.stdout).toContain('Ratings added: 196.')
    expect(seed.stdout).toContain('Indicator values already present: kept as they are.')
    const again = await cli(['seed'], env())
    expect(again.stdout).toContain('Countries added: 0.')
    expect(again.stdout).toContain('Ratings already present')
    expect(again.stdout).toContain('Indicator values already present')
  })

  it('imports all-or-nothing, reporting each bad line with its number', async () => {
    const database = await openClientDatabase({ dataDir: alone })
    const { code } = await createCountry(database.db, { code: 'XQV' })
    await database.close()
    const bad = await csv(
      'bad.csv',
      `country,category,effective_date\n${code},open,2025-01-01\nXQZ,open,2025-01-01\n${code},closed,2025-02-31\n`,
    )
    const result = await cli(['import', 'ratings', bad], env())
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(`${bad}:3: unknown country "XQZ"`)
    expect(result.stderr).toContain(`${bad}:4: bad date "2025-02-31"`)
    expect(result.stderr).toContain('2 line(s) have errors; nothing was imported')

    const good = await csv('good.csv', `country,category,effective_date,score\n${code},open,2025-01-01,88\n`)
    const ok = await cli(['import', 'ratings', good, '--source', 'Fictional panel'], env())
    expect(ok.stdout).toContain('Imported 1 rating(s)')
    expect(ok.code).toBe(0)
    const check = await openClientDatabase({ dataDir: alone })
    const rows = await check.db.selectFrom('ratings').selectAll().where('country_code', '=', code).execute()
    await check.close()
    expect(rows.map((r) => [r.category, r.score, r.source])).toEqual([['open', 88, 'Fictional panel']])
  })

  it('imports updates and their incidents from CSV, with progress for a large file, and assigns researchers countries', async () => {
    const user = await cli(['user', 'add', '--email', 'fictional.importer@example.org', '--role', 'researcher', '--country', 'NOR'], env())
    expect(user.code).toBe(0)
    expect(
      (await cli(['user', 'add', '--email', 'fictional.other@example.org', '--role', 'editor', '--country', 'NOR'], env())).stderr,
    ).toContain('Countries are only for researchers.')
    const database = await openClientDatabase({ dataDir: alone })
    await database.db.updateTable('users').set({ status: 'active' }).where('email', '=', 'fictional.importer@example.org').execute()
    await database.close()
    const lines = Array.from(
      { length: 1200 },
      (_, i) => `cli-${i},NOR,en,Fictional imported update ${i},,,,,expression,,2025-01-01T00:00:00Z`,
    )
    const updates = await csv(
      'updates.csv',
      `ref,country,language,title,summary,body,period_start,period_end,freedoms,tags,published_at\n${lines.join('\n')}\n`,
    )
    const imported = await cli(['import', 'updates', updates, '--author', 'fictional.importer@example.org'], env())
    expect(imported.stdout, imported.stderr).toContain('Imported 1200 update(s)')
    expect(imported.stderr).toContain('checked 1200 of 1200 lines (100%)')
    const incidents = await csv(
      'incidents.csv',
      'update_ref,date,freedom,type\ncli-1,2024-12-01,expression,censorship\ncli-2,2024-13-01,expression,censorship\n',
    )
    const bad = await cli(['import', 'incidents', incidents], env())
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain(`${incidents}:3: give the date it happened, not in the future.`)
    expect((await cli(['import', 'updates', updates], env())).code).toBe(2)
  }, 60_000)

  it('explains usage and unreadable files, with exit codes 2 and 1', async () => {
    const usage = await runCli(['frobnicate'], env())
    expect(usage.code).toBe(2)
    expect(usage.stderr).toContain('Usage: civic-monitor <command>')
    // The exit code as a process sets it is the usage case's; the rest run in process.
    const missing = await cli(['import', 'ratings', path('nope.csv')], env())
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('no such file')
    const badConfig = await cli(['migrate'], { ...env(), PORT: 'eighty' })
    expect(badConfig.code).toBe(2)
    expect(badConfig.stderr).toContain('PORT')
    expect((await cli(['--help'], env())).code).toBe(0)
  }, 60_000) // a real process, loading Node.js, tsx and the app
})
