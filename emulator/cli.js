#!/usr/bin/env node
// @ts-check
// `node emulator/cli.js [--port N] [--account-id ID] [--partition P] [--verbose]`
// Prints "emulator listening on http://127.0.0.1:PORT" and runs until SIGINT/SIGTERM.
import { startEmulator } from './server.js'

/** @param {string} name */
function arg(name) {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const verbose = process.argv.includes('--verbose')
const emulator = await startEmulator({
  port: Number(arg('--port') ?? 0),
  accountId: arg('--account-id'),
  partition: arg('--partition'),
  log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined
})
process.stdout.write(`emulator listening on ${emulator.url}\n`)

let closing = false
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    if (closing) return
    closing = true
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  })
}
