// @ts-check
// Jest global setup: builds the deflate worker entry once, as `npm run bundle` does, into .tmp/
// (tests run src/ through ts-jest, but a worker thread cannot load TypeScript: they pass this
// bundle as ArchiveOptions.workerUrl, see __tests__/helpers/worker.ts); then gives the run its own
// TMPDIR (scripts/jest-temp-setup.js). The build comes first, so ncc leaves nothing in that TMPDIR.
import { fileURLToPath } from 'node:url'
import { bundleEntry, ENTRIES } from './bundle.js'
import tempSetup from './jest-temp-setup.js'

/** Output folder of the test build; the worker lands in its ENTRIES.worker.dir. */
export const TEST_BUNDLE_DIR = '.tmp/jest-bundle'

/** The worker script the test build makes. */
export const TEST_WORKER_URL = new URL(`../${TEST_BUNDLE_DIR}/${ENTRIES.worker.dir}/index.js`, import.meta.url)

export default function setup() {
  bundleEntry('worker', fileURLToPath(new URL(`../${TEST_BUNDLE_DIR}`, import.meta.url)))
  tempSetup()
}
