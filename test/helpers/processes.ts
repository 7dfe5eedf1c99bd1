import { createServer } from 'node:net'
import { spawn, type ChildProcess } from 'node:child_process'
import { Agent, get as httpGet } from 'node:http'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface RunResult {
  code: number | null
  stdout: string
  stderr: string
}

/**
 * Runs the `civic-monitor` command as a user would, in its own process. `onStderr` sees its
 * standard error so far, each time more arrives (to act while the command runs).
 */
export function runCli(args: string[], env: Record<string, string>, onStderr?: (stderr: string) => void): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/civic-monitor.js', ...args], { cwd: ROOT, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString()
      onStderr?.(stderr)
    })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

export interface ServerProcess {
  url: string
  child: ChildProcess
  output(): string
  stop(): Promise<number | null>
}

/** Starts `npm start`'s command on a free port and waits until it says it is ready. */
export function startServer(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', ...env },
    })
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`))
    }, timeoutMs)
    let started = false
    const onData = (d: Buffer) => {
      output = (output + d.toString()).slice(started ? -65536 : 0) // keep the tail once running
      if (started) return
      const ready = output.split('\n').find((line) => line.includes('Civic Monitor is ready'))
      if (!ready) return
      started = true
      clearTimeout(timer)
      const { url } = JSON.parse(ready) as { url: string }
      resolve({
        url,
        child,
        output: () => output,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode)
            child.once('exit', (code) => done(code))
            child.kill('SIGTERM')
          }),
      })
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`server exited with ${code}:\n${output}`))
    })
  })
}

/** A TCP port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0))
    })
  })
}

/**
 * Stops the server with SIGTERM as soon as the first answer comes back, while pages no cache holds
 * are being computed and more wait: `count` requests each on a connection of its own, and `count`
 * more through a keep-alive agent of 4 connections, as a browser or a load balancer sends them.
 * Returns each request's status (or its error code) and the server's exit code.
 */
export async function stopUnderLoad(
  server: ServerProcess,
  count: number,
): Promise<{ fresh: (number | string)[]; kept: (number | string)[]; exitCode: number | null }> {
  let signalled: Promise<number | null> | undefined
  const keepAlive = new Agent({ keepAlive: true, maxSockets: 4 })
  const send = (i: number, agent: Agent | false) =>
    new Promise<number | string>((resolve) => {
      // A different date each time: nothing cached, every page computed on the database.
      const date = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10)
      const request = httpGet(`${server.url}/?date=${date}`, { agent }, (response) => {
        signalled ??= server.stop()
        response.resume()
        response.on('end', () => resolve(response.statusCode ?? 0))
        response.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
      })
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
    })
  const fresh = Promise.all(Array.from({ length: count }, (_, i) => send(i, false)))
  const kept = Promise.all(Array.from({ length: count }, (_, i) => send(count + i, keepAlive)))
  const result = { fresh: await fresh, kept: await kept, exitCode: await (signalled ?? server.stop()) }
  keepAlive.destroy()
  return result
}
