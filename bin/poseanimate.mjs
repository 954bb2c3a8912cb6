#!/usr/bin/env node
// The CLI runs the TypeScript engine directly through tsx, so it never drifts from the source.
import { register } from 'tsx/esm/api'

register()
await import('../src-main/cli.ts')
