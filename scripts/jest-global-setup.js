// @ts-check
// Jest global setup: builds the deflate worker entry once, as `npm run bundle` does, into .tmp/.
// Tests run src/ through ts-jest, but a worker thread cannot load TypeScript: they pass this
// bundle as ArchiveOptions.workerUrl (see __tests__/helpers/worker.ts).
import { fileURLToPath } from 'node:url'
import { bundleEntry, ENTRIES } from './bundle.js'

/** Output folder of the test build; the worker lands in its ENTRIES.worker.dir. */
export const TEST_BUNDLE_DIR = '.tmp/jest-bundle'

/** The worker script the test build makes. */
export const TEST_WORKER_URL = new URL(`../${TEST_BUNDLE_DIR}/${ENTRIES.worker.dir}/index.js`, import.meta.url)

export default function buildTestWorker() {
  bundleEntry('worker', fileURLToPath(new URL(`../${TEST_BUNDLE_DIR}`, import.meta.url)))
}
