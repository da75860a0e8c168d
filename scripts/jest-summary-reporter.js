// @ts-check
// Ends a jest run with the plain 'N passed, N failed' line that CI reads to count tests
// (jest's own summary line ends in 'N total', which CI does not read).
export default class SummaryReporter {
  /** @param {unknown} _globalConfig @param {unknown} _options */
  constructor(_globalConfig, _options) {}

  /** @param {unknown} _contexts @param {{ numPassedTests: number, numFailedTests: number, numPendingTests: number }} results */
  onRunComplete(_contexts, results) {
    process.stdout.write(
      `\nResults: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numPendingTests} skipped\n`
    )
  }
}
