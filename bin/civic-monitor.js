#!/usr/bin/env node
// The `civic-monitor` command. The code is TypeScript run through tsx (docs/decisions/003-run-typescript-with-tsx.md).
import { register } from 'tsx/esm/api'

register()
await import('../src/cli.ts')
