// The deflate worker for tests: src/ runs under ts-jest, and a worker thread cannot load
// TypeScript, so jest's global setup bundles the worker entry (scripts/jest-global-setup.js).
export { TEST_WORKER_URL } from '../../scripts/jest-global-setup.js'
