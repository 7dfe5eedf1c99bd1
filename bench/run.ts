import { mkdtemp, rm } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { startServer, type ServerProcess } from '../test/helpers/processes.js'

/**
 * Load benchmark of the public pages on loopback: the home page (the map) and a country page,
 * served by a real server process on PGlite and on PostgreSQL. Each scenario runs ROUNDS times;
 * the report gives the median of the rounds. Traffic goes to 127.0.0.1 only and stops by itself.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = 10
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const PATHS = ['/', '/countries/kazakhstan', '/api/v1/ratings?date=2021-03-19']

interface Row {
  backend: string
  path: string
  firstMs: number
  rps: number
  p50: number
  p99: number
  kb: number
}

/** Bytes on the wire for one request accepting brotli (fetch() would decode them). */
function wireBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'br' } }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve(bytes))
    }).on('error', reject)
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

async function measure(server: ServerProcess, backend: string): Promise<Row[]> {
  const rows: Row[] = []
  for (const path of PATHS) {
    const started = performance.now()
    const kb = (await wireBytes(server.url + path)) / 1024
    const firstMs = performance.now() - started
    const rounds = []
    for (let i = 0; i < ROUNDS; i++) {
      rounds.push(
        await autocannon({ url: server.url + path, connections: CONNECTIONS, duration: SECONDS, headers: { 'accept-encoding': 'br' } }),
      )
    }
    rows.push({
      backend,
      path,
      firstMs,
      rps: median(rounds.map((r) => r.requests.average)),
      p50: median(rounds.map((r) => r.latency.p50)),
      p99: median(rounds.map((r) => r.latency.p99)),
      kb,
    })
    if (rounds.some((r) => r.non2xx > 0 || r.errors > 0)) throw new Error(`${backend} ${path}: errors during the run`)
  }
  return rows
}

async function onPglite(): Promise<Row[]> {
  const dir = await mkdtemp(join(tmpdir(), 'cm-bench-'))
  const server = await startServer({ DATA_DIR: dir })
  try {
    return await measure(server, 'PGlite')
  } finally {
    await server.stop()
    await rm(dir, { recursive: true, force: true })
  }
}

async function onPostgres(): Promise<Row[]> {
  const name = `cm_bench_${process.pid}`
  const admin = new pg.Client({ connectionString: PG_URL })
  try {
    await admin.connect()
  } catch (error) {
    console.error(`\n*** PostgreSQL at ${PG_URL} is not reachable (${(error as Error).message}): PostgreSQL NOT benchmarked. ***\n`)
    return []
  }
  await admin.query(`create database ${name}`)
  const url = new URL(PG_URL)
  url.pathname = `/${name}`
  const dir = await mkdtemp(join(tmpdir(), 'cm-bench-'))
  try {
    const server = await startServer({ DATABASE_URL: url.toString(), DATA_DIR: dir })
    try {
      return await measure(server, 'PostgreSQL')
    } finally {
      await server.stop()
    }
  } finally {
    await admin.query(`drop database if exists ${name}`)
    await admin.end()
    await rm(dir, { recursive: true, force: true })
  }
}

const rows = [...(await onPglite()), ...(await onPostgres())]
console.log(`\n${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, brotli accepted; medians of the rounds.`)
console.table(
  rows.map((r) => ({
    backend: r.backend,
    path: r.path,
    'first (ms)': r.firstMs.toFixed(1),
    'req/s': Math.round(r.rps),
    'p50 (ms)': r.p50,
    'p99 (ms)': r.p99,
    'transferred (KB)': r.kb.toFixed(1),
  })),
)
