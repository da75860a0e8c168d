// The runner's cancel, for main.ts: the first SIGINT or SIGTERM stops new work, the stages undo
// what they must, and after a budget (or a second signal) the run reports what exists.

/** Where the runner's signals arrive: a process, or a stand-in in tests. */
export type SignalSource = Pick<NodeJS.Process, 'on' | 'off'>

/** After the first signal, the run has this long to stop and undo before it reports anyway: the
 * runner sends SIGTERM 7.5 s after SIGINT and kills the process 2.5 s later (GitHub docs,
 * "Canceling a workflow"). A second signal cuts it short. */
export const CANCEL_BUDGET_MS = 6000

/** After a cancel cut a publish off in flight, how long to keep looking for it landing late: the
 * cancel budget less the time to delete what lands and to report. */
export const LATE_LANDING_MS = CANCEL_BUDGET_MS - 2000

/** The runner's cancel: the first SIGINT or SIGTERM aborts `signal` (no new AWS call starts, the
 * stages undo what they must); `deadline` settles CANCEL_BUDGET_MS later, or at a second signal. */
export class Cancellation {
  private readonly controller = new AbortController()
  readonly signal = this.controller.signal
  signalName?: NodeJS.Signals
  readonly deadline: Promise<'deadline'>
  private reachDeadline!: () => void
  private timer?: NodeJS.Timeout

  constructor(
    private readonly source: SignalSource,
    private readonly log: (message: string) => void
  ) {
    this.deadline = new Promise((resolve) => (this.reachDeadline = () => resolve('deadline')))
    source.on('SIGINT', this.onSignal)
    source.on('SIGTERM', this.onSignal)
  }

  private readonly onSignal = (name: NodeJS.Signals): void => {
    if (this.signal.aborted) return this.reachDeadline()
    this.signalName = name
    this.log(`${name}: the run was cancelled. Stopping, undoing what this run left half done, then reporting what exists`)
    this.controller.abort()
    this.timer = setTimeout(this.reachDeadline, CANCEL_BUDGET_MS)
  }

  /** Stops listening for signals. */
  dispose(): void {
    clearTimeout(this.timer)
    this.source.off('SIGINT', this.onSignal)
    this.source.off('SIGTERM', this.onSignal)
  }
}
