// The step log as a person reads it on the runner: a group per stage. Inputs, archive,
// credentials and report run one after another, each in a group printed as it goes. Regions run
// at once (up to 8), and the runner's groups cannot nest or interleave, so each region keeps its
// lines and prints them when it ends: a group per stage of the region ("eu-west-1: share"), then
// one line with its result. While regions run, a line outside any group says which stage each
// one has started. Debug lines are kept only when step debug logging is on.
import type * as core from '@actions/core'
import type { RegionResult } from './fan-out.js'

/** The runner commands the log writes: @actions/core's, or a stand-in in tests. */
export type LogSink = Pick<typeof core, 'info' | 'warning' | 'debug' | 'startGroup' | 'endGroup' | 'isDebug'>

/** What one region's code logs through (regions/region.ts RegionContext). */
export interface RegionLog {
  /** Starts a stage of the region: the lines after it go into the group `<region>: <name>`;
   * `doing` ("sharing version 3 with 2 principals") is printed at once, as the region's progress. */
  stage: (name: string, doing: string) => void
  /** A line of the current stage. */
  log: (message: string) => void
  /** A warning annotation, kept in the current stage's group; name the region in it, since
   * annotations are also read apart from the log. */
  warn: (message: string) => void
  /** A debug line of the current stage (each AWS call, each decision). */
  debug: (message: string) => void
}

type Line = { kind: 'info' | 'warning' | 'debug'; text: string }

interface Section {
  title: string
  startedAt: number
  lines: Line[]
}

/** "took 12 ms", for the debug line that ends each group. */
function took(startedAt: number): string {
  return `took ${Math.round(performance.now() - startedAt)} ms`
}

/** One region's lines until it ends; after that (or after printUnfinished), its lines go out at once,
 * prefixed with the region. */
class RegionBuffer {
  private readonly sections: Section[] = []

  constructor(
    private readonly region: string,
    private readonly step: StepLog,
    private readonly sink: LogSink,
    /** Its lines have been printed (or the step printed every region already): write at once. */
    private printed: boolean
  ) {}

  readonly api: RegionLog = {
    stage: (name, doing) => {
      if (!this.printed) {
        this.endSection()
        this.sections.push({ title: name, startedAt: performance.now(), lines: [] })
      }
      this.sink.info(`${this.region}: ${doing}`)
    },
    log: (message) => this.add('info', message),
    warn: (message) => this.add('warning', message),
    debug: (message) => {
      if (this.sink.isDebug()) this.add('debug', message)
    }
  }

  /** Keeps the line in the current stage; before the first stage (a check made for every region
   * before they start, such as the signing profile's) or once printed, writes it at once. */
  private add(kind: Line['kind'], text: string): void {
    if (this.printed || this.sections.length === 0) return this.write({ kind, text: kind === 'warning' ? text : `${this.region}: ${text}` })
    this.sections[this.sections.length - 1].lines.push({ kind, text })
  }

  private endSection(): void {
    const last = this.sections[this.sections.length - 1]
    if (last && this.sink.isDebug()) last.lines.push({ kind: 'debug', text: `${last.title} ${took(last.startedAt)}` })
  }

  /** The stage the region is in (or ended in), if it started one. */
  get stage(): string | undefined {
    return this.sections[this.sections.length - 1]?.title
  }

  private write(line: Line): void {
    this.sink[line.kind](line.text)
  }

  /** Prints every stage's group, then `result` on a line of its own (once). */
  print(result: string): void {
    if (this.printed) return
    this.endSection()
    this.step.closeGroup()
    for (const section of this.sections.filter((s) => s.lines.length > 0)) {
      this.sink.startGroup(`${this.region}: ${section.title}`)
      for (const line of section.lines) this.write(line)
      this.sink.endGroup()
    }
    this.sink.info(`${this.region}: ${result}`)
    this.printed = true
  }
}

/** The step's groups: one open at a time, and the regions' buffers. */
export class StepLog {
  private open?: { title: string; startedAt: number }
  private readonly regions = new Map<string, RegionBuffer>()
  /** printUnfinished ran: a region that starts after it writes its lines at once. */
  private stopped = false

  constructor(private readonly sink: LogSink) {}

  /** Runs `work` inside the group `title` (ending any group still open first). Returns or throws
   * what `work` does; the group ends either way, unless something else ended it meanwhile. */
  async group<T>(title: string, work: () => T | Promise<T>): Promise<T> {
    this.closeGroup()
    this.sink.startGroup(title)
    const mine = (this.open = { title, startedAt: performance.now() })
    try {
      return await work()
    } finally {
      if (this.open === mine) this.closeGroup()
    }
  }

  /** Ends the open group, if any (a cancelled run reports while a stage is still running). */
  closeGroup(): void {
    if (!this.open) return
    if (this.sink.isDebug()) this.sink.debug(`${this.open.title} ${took(this.open.startedAt)}`)
    this.sink.endGroup()
    this.open = undefined
  }

  /** The log of `region`, made on first use. Never throws. */
  region(region: string): RegionLog {
    let buffer = this.regions.get(region)
    if (!buffer) this.regions.set(region, (buffer = new RegionBuffer(region, this, this.sink, this.stopped)))
    return buffer.api
  }

  /** A log like a region's for work that starts inside the regions but concerns them all (the
   * signing job): its groups are `<name>: <stage>`, printed by `ended(line)` with that line as
   * its result. Never throws. */
  shared(name: string): RegionLog & { ended: (line: string) => void } {
    return { ...this.region(name), ended: (line) => this.regions.get(name)?.print(line) }
  }

  /** Prints the region's groups and its result line, as it ends. Never throws. */
  regionEnded(result: RegionResult): void {
    const buffer = this.regions.get(result.region)
    buffer?.print(describeResult(result, buffer.stage))
  }

  /** Prints every region not yet printed, with `why` as its result line: a cancelled run that
   * reports before its regions end, or a step that stops on a crash. Never throws. */
  printUnfinished(why: string): void {
    this.stopped = true
    for (const buffer of this.regions.values()) buffer.print(why)
  }
}

/** "3 principals", "1 principal". */
function count(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** A region's result in one line: "published <arn>, shared with 2 principals, 1 old version
 * deleted", or "failed in share: <error>" (`stage`: where it was). Never throws. */
export function describeResult(result: RegionResult, stage?: string): string {
  if (!result.ok) return `failed${stage ? ` in ${stage}` : ''}: ${result.error}`
  const parts: string[] = []
  if (result.version) parts.push(`${result.published ? 'published' : 'reused'} ${result.version.layerVersionArn}`)
  if (result.shares.length > 0) parts.push(`shared with ${count(result.shares.length, 'principal')}`)
  if (result.version && result.deleted.length > 0) parts.push(`${count(result.deleted.length, 'old version')} deleted`)
  if (!result.version) parts.push(`${count(result.deleted.length, 'version')} deleted`)
  const moved = result.functions.filter((f) => f.changed).length
  if (result.functions.length > 0) parts.push(`${count(moved, 'function')} moved to it`)
  return parts.join(', ')
}

/** The report stage's line: how the regions ended, "2 published, 1 reused, 1 failed". Never throws. */
export function describeOutcome(results: RegionResult[]): string {
  const tally = new Map<string, number>()
  const add = (what: string) => tally.set(what, (tally.get(what) ?? 0) + 1)
  for (const r of results) add(!r.ok ? 'failed' : !r.version ? 'cleaned up' : r.published ? 'published' : 'reused')
  const parts = [...tally].map(([what, n]) => `${n} ${what}`)
  return `${count(results.length, 'region')}${parts.length > 0 ? `: ${parts.join(', ')}` : ''}`
}
