import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { startServer, type ServerProcess } from '../test/helpers/processes.js'
import { FLOOD_SCRIPT, installed, startNginx, wrk } from './static-server.js'

/**
 * Load benchmark of the public reads on loopback: the home page (the map), a country page, the
 * ratings API, the stylesheet and /health, served by a real server process on PGlite and on
 * PostgreSQL, side by side with nginx serving the very same bytes precompressed when nginx and
 * wrk are installed (`apt-get install nginx-light wrk`). Each page runs ROUNDS rounds, app and
 * nginx alternating; the report gives the medians. Traffic goes to 127.0.0.1 only and stops by itself.
 */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONNECTIONS = 64
const PG_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const WITH_NGINX = installed('nginx') && installed('wrk')

interface Row {
  backend: string
  path: string
  firstMs: number
  rps: number
  p99: number
  nginxRps?: number
  nginxP99?: number
  kb: number
}

/** Bytes on the wire for one request accepting gzip (fetch() would decode them). */
function wireBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => (bytes += chunk.length))
      res.on('end', () => resolve(bytes))
    }).on('error', reject)
  })
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

async function autocannonRound(url: string): Promise<{ rps: number; p99: number }> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS, headers: { 'accept-encoding': 'gzip' } })
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: errors during the run`)
  return { rps: result.requests.average, p99: result.latency.p99 }
}

/**
 * The home page (cached) with 32 connections while 32 more ask for a new search or a new date each
 * time (FLOOD_SCRIPT): the cached page's p99 (target: under 50 ms) and what the flood got.
 */
async function underFlood(server: ServerProcess, backend: string, dir: string): Promise<void> {
  const script = join(dir, 'flood.lua')
  await writeFile(script, FLOOD_SCRIPT)
  const rounds = []
  for (let round = 0; round < ROUNDS; round++) {
    const [cached, flood] = await Promise.all([
      wrk(server.url + '/', 32, SECONDS),
      wrk(server.url, 32, SECONDS, { script, allowErrors: true }),
    ])
    rounds.push({ cached, flood })
  }
  floods.push({
    backend,
    cachedRps: median(rounds.map((r) => r.cached.rps)),
    cachedP99: median(rounds.map((r) => r.cached.p99)),
    floodRps: median(rounds.map((r) => r.flood.rps)),
    shedShare: median(rounds.map((r) => r.flood.refused / Math.max(1, r.flood.requests))),
  })
}
const floods: { backend: string; cachedRps: number; cachedP99: number; floodRps: number; shedShare: number }[] = []

async function measure(server: ServerProcess, backend: string): Promise<Row[]> {
  const home = await (await fetch(server.url + '/')).text()
  const css = /href="(\/assets\/app\.[^"]+\.css)"/.exec(home)?.[1]
  const paths = ['/', '/countries/kazakhstan', '/api/v1/ratings?date=2021-03-19', ...(css ? [css] : []), '/health']
  const dir = await mkdtemp(join(tmpdir(), 'cm-bench-nginx-'))
  const firstMs: number[] = []
  for (const path of paths) {
    const started = performance.now()
    await wireBytes(server.url + path) // the first, uncached answer
    firstMs.push(performance.now() - started)
  }
  const nginx = WITH_NGINX ? await startNginx(server.url, paths, dir) : undefined
  try {
    const rows: Row[] = []
    for (const [i, path] of paths.entries()) {
      const app: { rps: number; p99: number }[] = []
      const yardstick: { rps: number; p99: number }[] = []
      for (let round = 0; round < ROUNDS; round++) {
        app.push(WITH_NGINX ? await wrk(server.url + path, CONNECTIONS, SECONDS) : await autocannonRound(server.url + path))
        if (nginx) yardstick.push(await wrk(nginx.urlOf(path), CONNECTIONS, SECONDS))
      }
      rows.push({
        backend,
        path,
        firstMs: firstMs[i]!,
        rps: median(app.map((r) => r.rps)),
        p99: median(app.map((r) => r.p99)),
        ...(nginx ? { nginxRps: median(yardstick.map((r) => r.rps)), nginxP99: median(yardstick.map((r) => r.p99)) } : {}),
        kb: (await wireBytes(server.url + path)) / 1024,
      })
    }
    if (WITH_NGINX) await underFlood(server, backend, dir)
    return rows
  } finally {
    nginx?.stop()
    await rm(dir, { recursive: true, force: true })
  }
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
const tool = WITH_NGINX ? 'wrk -t1' : 'autocannon (nginx or wrk not installed: no comparison)'
console.log(`\n${tool}, ${CONNECTIONS} connections, ${ROUNDS} rounds of ${SECONDS} s each, gzip accepted; medians of the rounds.`)
console.table(
  rows.map((r) => ({
    backend: r.backend,
    path: r.path,
    'first (ms)': r.firstMs.toFixed(1),
    'req/s': Math.round(r.rps),
    'p99 (ms)': r.p99.toFixed(1),
    ...(r.nginxRps ? { 'nginx req/s': Math.round(r.nginxRps), 'nginx p99 (ms)': r.nginxP99!.toFixed(1) } : {}),
    'gzip (KB)': r.kb.toFixed(1),
  })),
)
for (const f of floods)
  console.log(
    `${f.backend} / under a flood of uncached reads (32 + 32 connections): ${Math.round(f.cachedRps)} req/s, p99 ${f.cachedP99.toFixed(1)} ms;` +
      ` the flood got ${Math.round(f.floodRps)} answers/s, ${(f.shedShare * 100).toFixed(0)} % of them 503`,
  )
for (const r of rows)
  if (r.nginxRps) console.log(`${r.backend} ${r.path}: ${(r.rps / r.nginxRps).toFixed(2)}x nginx, p99 ${r.p99.toFixed(1)} ms`)
