import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { get } from 'node:http'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { freePort } from '../test/helpers/processes.js'

/** Whether a program is on the PATH. */
export const installed = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0

/** The body of one answer as the client gets it with `Accept-Encoding: gzip`, and its type. */
function gzipped(url: string): Promise<{ body: Buffer; type: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        const type = String(res.headers['content-type'] ?? 'text/html').split(';')[0]!
        // A body under the compression threshold comes plain: nginx gets it gzipped all the same.
        resolve({ body: res.headers['content-encoding'] === 'gzip' ? body : gzipSync(body), type })
      })
    }).on('error', reject)
  })
}

export interface StaticServer {
  /** The nginx address of the copy of `path`. */
  urlOf(path: string): string
  stop(): void
}

/**
 * nginx on loopback serving the very bytes the app sends for each path, precompressed
 * (`gzip_static`), one worker like our one process: the yardstick of issue 13.
 */
export async function startNginx(appUrl: string, paths: string[], dir: string): Promise<StaticServer> {
  const root = join(dir, 'root')
  await mkdir(join(dir, 'logs'), { recursive: true })
  await mkdir(root, { recursive: true })
  await chmod(dir, 0o755) // nginx's workers run as another user when started by root
  const types: string[] = []
  for (const [i, path] of paths.entries()) {
    const { body, type } = await gzipped(appUrl + path)
    await writeFile(join(root, `p${i}.gz`), body)
    await writeFile(join(root, `p${i}`), '') // gzip_static needs the plain file to exist
    types.push(`location = /p${i} { default_type ${type}; }`)
  }
  const port = await freePort()
  await writeFile(
    join(dir, 'nginx.conf'),
    `daemon off; worker_processes 1; pid ${dir}/nginx.pid; error_log stderr error;
     events { worker_connections 1024; }
     http { access_log off; sendfile on; tcp_nopush on; gzip_static on; etag on;
       server { listen 127.0.0.1:${port}; root ${root}; ${types.join(' ')} } }`,
  )
  const child: ChildProcess = spawn('nginx', ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'inherit' })
  await new Promise((resolve) => setTimeout(resolve, 300))
  return {
    urlOf: (path) => `http://127.0.0.1:${port}/p${paths.indexOf(path)}`,
    stop: () => child.kill('SIGQUIT'),
  }
}

/** `wrk -t1 -c<connections>` for `seconds`, accepting gzip: requests/s and p99 in ms. */
export async function wrk(
  url: string,
  connections: number,
  seconds: number,
  options: { script?: string; allowErrors?: boolean } = {},
): Promise<{ rps: number; p99: number; requests: number; refused: number }> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '-H', 'Accept-Encoding: gzip']
  const child = spawn('wrk', [...args, ...(options.script ? ['-s', options.script] : []), url])
  let stdout = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  await new Promise((resolve) => child.once('close', resolve))
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1])
  const p99 = /99%\s+([\d.]+)(us|ms|s)\b/.exec(stdout)
  const refused = Number(/Non-2xx or 3xx responses: (\d+)/.exec(stdout)?.[1] ?? 0)
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0)
  if (!Number.isFinite(rps) || !p99) throw new Error(`wrk failed on ${url}:\n${stdout}`)
  if (!options.allowErrors && (refused > 0 || /Socket errors/.test(stdout))) throw new Error(`errors during the run on ${url}:\n${stdout}`)
  const scale = { us: 0.001, ms: 1, s: 1000 }[p99[2] as 'us' | 'ms' | 's']
  return { rps, p99: Number(p99[1]) * scale, requests, refused }
}

/** A wrk script asking for a new search or a new date each time: reads no cache holds. */
export const FLOOD_SCRIPT = `
counter = 0
request = function()
  counter = counter + 1
  if counter % 2 == 0 then
    return wrk.format(nil, "/updates?q=fictional" .. math.random(1, 1000000000))
  end
  return wrk.format(nil, string.format("/?date=%04d-%02d-%02d", math.random(1900, 2020), math.random(1, 12), math.random(1, 28)))
end
`
