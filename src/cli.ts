import { readFile } from 'node:fs/promises'
import { userInfo } from 'node:os'
import { basename } from 'node:path'
import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Config } from './config.js'
import type { Role } from './db/schema.js'
import { inviteUser } from './features/accounts/setup.service.js'
import { isHttpError } from './lib/errors.js'
import { isConnectionLost } from './db/connection-lost.js'
import { openClientDatabase, type Database } from './db/database.js'
import { DatabaseBusyError } from './db/lock.js'
import { migrateToLatest } from './db/migrate.js'
import { seed } from './seed/seed.js'
import { seedSample } from './seed/sample.js'
import { isoDate } from './lib/dates.js'
import { importRatings } from './features/ratings/ratings.service.js'
import { importIndicators } from './features/methodology/indicators.service.js'
import { importIncidents, importUpdates } from './features/updates/updates.import.js'
import { isEmailAddress } from './lib/email.js'

/**
 * `civic-monitor`: administration from the shell. Works on DATABASE_URL, on the embedded
 * database directly, or through the running server's socket when `npm start` holds it.
 */
const USAGE = `Usage: civic-monitor <command>

Commands:
  migrate                          bring the database schema up to date
  seed                             add the countries and the ratings snapshot if missing
  seed sample                      also load the optional sample updates (invented, labelled "Sample")
  import ratings FILE.csv          import dated ratings (all-or-nothing)
        [--source TEXT]            provenance stored with each rating (default: the file name)
  import updates FILE.csv --author EMAIL
                                   import monitoring updates (all-or-nothing; columns in README)
  import incidents FILE.csv        import incidents of imported updates (all-or-nothing)
  import indicators --source NAME FILE.csv
                                   import third-party indicator values (all-or-nothing; re-import replaces)
                                   NAME: freedom-house, rsf, vdem, or any other for country,year,indicator,value
  user add --email E --role R      create an account and print its one-time set-up link (24 h)
        [--role R2 ...] [--name N] roles: researcher, editor, panelist, admin, journalist
        [--country XXX ...]        a researcher's countries (ISO alpha-3)

Environment: DATABASE_URL (a PostgreSQL server) or DATA_DIR (the embedded database, default ./data).
Exit codes: 0 done, 1 failed (bad input: nothing written), 2 misused, 3 lost the database mid-way (the server stopped).`

interface Options {
  source?: string
  email?: string
  role?: string[]
  name?: string
  country?: string[]
  author?: string
}
/** Where a command writes: the process's standard output and error, or a test's buffers. */
export interface CliIo {
  env: NodeJS.ProcessEnv
  out: (line: string) => void
  err: (line: string) => void
}
type Command = (database: Database, args: string[], options: Options, config: Config, io: CliIo) => Promise<number>

const ROLES: Role[] = ['researcher', 'editor', 'panelist', 'admin', 'journalist']

const commands: Record<string, Command> = {
  async user(database, args, options, config, io) {
    const roles = options.role ?? []
    const bad = roles.filter((role) => !ROLES.includes(role as Role))
    if (args[0] !== 'add' || !options.email || roles.length === 0 || bad.length > 0) {
      if (bad.length > 0) io.err(`Unknown role ${bad.join(', ')}: use ${ROLES.join(', ')}.`)
      io.err('Usage: civic-monitor user add --email E --role R [--role R2 ...] [--name N]')
      return 2
    }
    if (!isEmailAddress(options.email)) {
      io.err(`"${options.email}" is not an e-mail address.`)
      return 2
    }
    await migrateToLatest(database.db)
    const countries = (options.country ?? []).map((c) => c.toUpperCase())
    const known = new Set((await database.db.selectFrom('countries').select('code').execute()).map((c) => c.code))
    const unknown = countries.filter((c) => !known.has(c))
    if (unknown.length > 0 || (countries.length > 0 && !roles.includes('researcher'))) {
      io.err(
        unknown.length > 0
          ? `Unknown country ${unknown.join(', ')}: use ISO alpha-3 codes of monitored countries.`
          : 'Countries are only for researchers.',
      )
      return 2
    }
    try {
      const { token, resent } = await inviteUser(
        database.db,
        { email: options.email, displayName: options.name ?? options.email.split('@')[0]!, roles: roles as Role[] },
        { actor: { name: `cli:${userInfo().username}` }, now: new Date(), countries },
      )
      io.out(
        resent
          ? `${options.email.toLowerCase()} has not set up the account yet: here is a new link (earlier ones no longer work).`
          : `Account created for ${options.email.toLowerCase()} (${roles.join(', ')}).`,
      )
      io.out(`Send this one-time set-up link to its owner by a safe channel; it expires in 24 hours:`)
      io.out(`${config.publicUrl}/account/setup/${token}`)
      return 0
    } catch (error) {
      if (isHttpError(error, 'duplicate_email')) {
        io.err(error.message)
        return 1
      }
      throw error
    }
  },
  async migrate(database, _args, _options, _config, io) {
    const applied = await migrateToLatest(database.db)
    io.out(applied.length ? `Applied: ${applied.join(', ')}` : 'The schema is up to date.')
    return 0
  },
  async seed(database, args, _options, _config, io) {
    await migrateToLatest(database.db)
    if (args[0] === 'sample') {
      await seed(database.db, isoDate(new Date()))
      const sample = await seedSample(database.db, new Date())
      io.out(
        sample === 'present'
          ? 'The sample set is already loaded.'
          : `Sample set loaded: ${sample.updates} updates, ${sample.incidents} incidents, all labelled "Sample".`,
      )
      return 0
    }
    const summary = await seed(database.db, isoDate(new Date()))
    io.out(`Countries added: ${summary.countriesAdded}. Taxonomy terms added: ${summary.termsAdded}.`)
    io.out(summary.ratings === 'kept' ? 'Ratings already present: kept as they are.' : `Ratings added: ${summary.ratings.inserted}.`)
    io.out(summary.methodology === 'kept' ? 'Methodology versions already present: kept.' : 'Methodology version v1 added.')
    const { indicators } = summary
    if (indicators === 'kept') io.out('Indicator values already present: kept as they are.')
    else {
      io.out(`Indicator values added: ${indicators.written.map((i) => `${i.indicator} ${i.values}`).join(', ')}.`)
      const unmatched = indicators.unmatched.map((u) => `${u.name} ${u.rows}`).join(', ')
      if (unmatched) io.out(`Indicator rows skipped, not monitored countries (rows): ${unmatched}.`)
    }
    return 0
  },
  async import(database, args, options, _config, io) {
    const [kind, file] = args
    const lacking = (kind === 'updates' && !options.author) || (kind === 'indicators' && !options.source?.trim())
    if (!['ratings', 'updates', 'incidents', 'indicators'].includes(kind ?? '') || !file || lacking) {
      io.err('Usage: civic-monitor import ratings FILE.csv [--source TEXT]')
      io.err('       civic-monitor import updates FILE.csv --author EMAIL')
      io.err('       civic-monitor import incidents FILE.csv')
      io.err('       civic-monitor import indicators --source freedom-house|rsf|vdem|NAME FILE.csv')
      return 2
    }
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      io.err(`Cannot read ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`)
      return undefined
    })
    if (text === undefined) return 1
    await migrateToLatest(database.db)
    if (kind === 'indicators') return importIndicatorFile(database, file, text, options.source ?? '', io)
    if (kind !== 'ratings') return importEvidence(database, kind as 'updates' | 'incidents', file, text, options.author ?? '', io)
    const outcome = await importRatings(database.db, text, {
      today: isoDate(new Date()),
      defaultSource: options.source ?? `import of ${basename(file)}`,
      actor: { name: `cli:${userInfo().username}` },
    })
    for (const note of outcome.skipped) io.out(`${file}:${note.line}: skipped: ${note.message}`)
    if (outcome.errors.length > 0) {
      for (const error of outcome.errors) io.err(`${file}:${error.line}: ${error.message}`)
      io.err(`${outcome.errors.length} line(s) have errors; nothing was imported. Fix them and run the import again.`)
      return 1
    }
    io.out(`Imported ${outcome.inserted} rating(s) from ${file}.`)
    return 0
  },
}

/** Third-party indicator values: unmatched countries are reported and skipped, bad lines stop the import. */
async function importIndicatorFile(database: Database, file: string, text: string, source: string, io: CliIo): Promise<number> {
  const outcome = await importIndicators(database.db, text, { source, actor: { name: `cli:${userInfo().username}` } })
  if (outcome.errors.length > 0) {
    for (const error of outcome.errors) io.err(error.line > 0 ? `${file}:${error.line}: ${error.message}` : error.message)
    const lines = new Set(outcome.errors.filter((e) => e.line > 0).map((e) => e.line)).size
    io.err(`${lines > 0 ? `${lines} line(s) have errors; n` : 'N'}othing was imported. Fix them and run the import again.`)
    return 1
  }
  for (const { name, rows } of outcome.unmatched) io.out(`skipped: unmatched "${name}" (${rows} row(s)): not a monitored country`)
  if (outcome.missing > 0) io.out(`skipped: ${outcome.missing} empty value(s) (NA in the source)`)
  const total = outcome.written.reduce((sum, w) => sum + w.values, 0)
  io.out(`Imported ${total} value(s) from ${file} (source "${outcome.source}"):`)
  for (const w of outcome.written) {
    const countries = `${w.countries} ${w.countries === 1 ? 'country' : 'countries'}`
    io.out(`  ${w.indicator}: ${w.values} value(s), ${countries}, ${w.firstYear}-${w.lastYear}`)
  }
  return 0
}

/** Updates or incidents from CSV, with progress on standard error for large files. */
async function importEvidence(
  database: Database,
  kind: 'updates' | 'incidents',
  file: string,
  text: string,
  author: string,
  io: CliIo,
): Promise<number> {
  let shown = 0
  const progress = (checked: number, total: number) => {
    const tenth = Math.floor((checked * 10) / total)
    if (total >= 1000 && tenth > shown) {
      shown = tenth
      io.err(`checked ${checked} of ${total} lines (${tenth * 10}%)`)
    }
  }
  const options = { actor: { name: `cli:${userInfo().username}` }, now: new Date(), progress }
  const outcome =
    kind === 'updates'
      ? await importUpdates(database.db, text, { ...options, authorEmail: author })
      : await importIncidents(database.db, text, options)
  if (outcome.errors.length > 0) {
    for (const error of outcome.errors) io.err(`${file}:${error.line}: ${error.message}`)
    const lines = new Set(outcome.errors.map((e) => e.line)).size
    io.err(`${lines} line(s) have errors; nothing was imported. Fix them and run the import again.`)
    return 1
  }
  io.out(`Imported ${outcome.inserted} ${kind === 'updates' ? 'update(s)' : 'incident(s)'} from ${file}.`)
  return 0
}

/**
 * Runs one command and returns its exit code: 0 done, 1 failed (bad input, nothing written),
 * 2 misused (unknown command or option, bad configuration, database busy), 3 the database went
 * away mid-way (the server stopped): run it again once it is back.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io)
  } catch (error) {
    const known =
      error instanceof ConfigError ||
      error instanceof DatabaseBusyError ||
      (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))
    io.err(known ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error))
    return known ? 2 : 1
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string', multiple: true },
      name: { type: 'string' },
      country: { type: 'string', multiple: true },
      author: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const [name, ...args] = positionals
  const command = name ? commands[name] : undefined
  if (values.help || !command) {
    ;(command || values.help ? io.out : io.err)(USAGE)
    return values.help ? 0 : 2
  }
  const config = loadConfig(io.env)
  const database = await openClientDatabase(config)
  try {
    return await command(database, args, values, config, io)
  } catch (error) {
    if (!isConnectionLost(error)) throw error
    io.err(lostConnection([name, ...args].join(' '), database))
    return 3
  } finally {
    await database.close()
  }
}

/**
 * One line for a command whose database went away. An import writes its file in one transaction
 * (or nothing): unless its COMMIT was under way, nothing of it was written.
 */
function lostConnection(command: string, database: Database): string {
  const lost = `Lost the connection to the database (${database.description}) during "civic-monitor ${command}"`
  if (!command.startsWith('import ')) return `${lost}: it may have stopped partway. Run it again once the database is back.`
  if (database.commitInDoubt()) return `${lost} while it was being committed: check whether it was imported before running it again.`
  return `${lost}: nothing was imported (an import is all-or-nothing). Run it again once the database is back.`
}
