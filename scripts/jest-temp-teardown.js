// @ts-check
// jest globalTeardown: removes the run's temp folder (see scripts/jest-temp-setup.js) and fails
// the run when a test left something in it: a test removes every file and folder it makes.
import { readdirSync, rmSync } from 'node:fs'

export default function teardown() {
  const dir = process.env.TMPDIR
  if (!dir || process.env.PLL_TEST_TMPDIR_PARENT === undefined) return
  const left = readdirSync(dir).sort()
  rmSync(dir, { recursive: true, force: true })
  if (process.env.PLL_TEST_TMPDIR_PARENT) process.env.TMPDIR = process.env.PLL_TEST_TMPDIR_PARENT
  else delete process.env.TMPDIR
  delete process.env.PLL_TEST_TMPDIR_PARENT
  if (left.length > 0) {
    const shown = left.slice(0, 20).join('\n  ')
    throw new Error(`tests left ${left.length} item(s) in the temp folder (remove what a test makes):\n  ${shown}`)
  }
}
