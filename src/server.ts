import { ConfigError, loadConfig } from './config.js'
import { buildApp } from './app.js'
import { openServerDatabase } from './db/database.js'
import { DatabaseBusyError } from './db/lock.js'
import { migrateToLatest } from './db/migrate.js'
import { seed } from './seed/seed.js'
import { isoDate } from './lib/dates.js'
import { createLogger } from './logger.js'
import { followConnections } from './lib/graceful-stop.js'
import { startMailWorker } from './features/mail/mail-worker.js'
import { startScheduler } from './features/publishing/scheduler.js'

/** Starts the site: database, migrations, first-start seed, HTTP, and a graceful shutdown. */
async function main(): Promise<void> {
  const config = loadConfig()
  const log = createLogger(config.logLevel)
  const started = Date.now()
  const phases = startupPhases()
  const database = await openServerDatabase(config, log)
  log.info({ database: database.description }, 'database open')
  phases.end('database')
  const applied = await migrateToLatest(database.db)
  phases.end('migrations')
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied')
  if (config.seedOnStart) {
    const summary = await seed(database.db, isoDate(new Date()))
    if (summary.countriesAdded > 0 || summary.ratings !== 'kept') {
      log.info(
        { countriesAdded: summary.countriesAdded, ratingsAdded: summary.ratings === 'kept' ? 0 : summary.ratings.inserted },
        'seed data loaded',
      )
    }
    phases.end('seed')
  }
  const app = await buildApp({ config, database, logger: log })
  const connections = followConnections(app.server)
  phases.end('app')
  const stopMail = startMailWorker(database.db, config, log)
  const stopScheduler = startScheduler(database.db, log, config.publicUrl)
  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down: finishing open requests')
    const force = setTimeout(() => {
      log.error('requests still open after 30 s: stopping anyway')
      process.exit(1)
    }, 30_000).unref()
    await connections.stop() // no new connections; every request sent on an open one is read
    await app.close() // no request is open any more: the onClose hooks
    await stopMail()
    await stopScheduler()
    await database.close()
    clearTimeout(force)
    log.info('stopped')
  }
  process.once('SIGINT', (signal) => void stop(signal))
  process.once('SIGTERM', (signal) => void stop(signal))
  const url = await app.listen({ port: config.port, host: config.host })
  phases.end('listen')
  log.info({ url, startupMs: Date.now() - started, phasesMs: phases.ms }, 'Civic Monitor is ready')
}

/** How long each step of the start took, for the ready line: a slow start names its cause. */
function startupPhases() {
  const ms: Record<string, number> = { modules: Math.round(performance.now()) } // Node.js, tsx and the imports
  let last = Date.now()
  return {
    ms,
    end(phase: string) {
      const now = Date.now()
      ms[phase] = now - last
      last = now
    },
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DatabaseBusyError) {
    process.stderr.write(`${error.message}\n`)
  } else {
    process.stderr.write(`Civic Monitor failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
  }
  process.exit(1)
})
