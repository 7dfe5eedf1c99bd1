import { main } from '../../src/cli.js'
import type { RunResult } from './processes.js'

/**
 * The `civic-monitor` command run inside the test's process: the same parsing, database access and
 * reports as `bin/civic-monitor.js`, without starting Node.js and tsx again for each call. Only the
 * given variables are its environment. Process-level behaviour (exit codes, the server's socket,
 * the data directory lock) keeps its tests through runCli.
 */
export async function cli(args: string[], env: Record<string, string>): Promise<RunResult> {
  const out: string[] = []
  const err: string[] = []
  const code = await main(args, { env: { ...env }, out: (line) => out.push(line), err: (line) => err.push(line) })
  const text = (lines: string[]) => lines.map((line) => `${line}\n`).join('')
  return { code, stdout: text(out), stderr: text(err) }
}
