#!/usr/bin/env node
// The `civic-monitor` command. The code is TypeScript run through tsx (docs/decisions/003-run-typescript-with-tsx.md).
import process from 'node:process'
import { register } from 'tsx/esm/api'

register()
const { main } = await import('../src/cli.ts')
const code = await main(process.argv.slice(2), {
  env: process.env,
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
})
process.exit(code)
