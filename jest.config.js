// ESM TypeScript through ts-jest; run with --experimental-vm-modules (see package.json).
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['**/__tests__/**/*.test.ts'],
  testTimeout: 30000,
  // Builds the deflate worker for the tests, then gives the run a fresh TMPDIR; the run fails if
  // a test leaves anything in it.
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  globalTeardown: '<rootDir>/scripts/jest-temp-teardown.js',
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.js'],
  verbose: false
}
