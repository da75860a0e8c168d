// @ts-check
// jest globalSetup: points TMPDIR at a fresh empty folder before any test worker starts, so every
// os.tmpdir() in the tests, the emulator and the action processes they spawn lands in it.
// scripts/jest-temp-teardown.js fails the run if anything is left there.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup() {
  process.env.PLL_TEST_TMPDIR_PARENT = process.env.TMPDIR ?? ''
  process.env.TMPDIR = mkdtempSync(join(tmpdir(), 'pll-test-run-'))
}
