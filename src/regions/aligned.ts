// align-versions: the new version gets the same number in every region. Lambda numbers versions
// per region and never reuses a number (lambda-layers.md); no API returns the counter, and
// ListLayerVersions leaves deleted versions out, so only a publish shows the next number.
// Regions that lag by their lists publish fillers (publish/filler.ts; each shows the exact
// number and is deleted at once) up to the highest number; the leaders publish the real version
// first, which costs no number when their lists tell the truth and shows it when a newest
// version was deleted. A real version left below the rest (two leaders, a concurrent publisher)
// is withdrawn, never shared yet, and published again higher, at most MAX_RETRIES times. Then
// each region goes on as without alignment (region.ts), logging in its own log.
import { builtContent } from '../archive/inspect/local-zip.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { LeftBehindError } from '../aws/answers.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { limiter } from '../limiter.js'
import { makeFiller, publishFiller, sweepFillers, type Filler } from '../publish/filler.js'
import type { ArchiveFacts } from '../publish/publish.js'
import { withdrawVersion } from '../share/withdraw.js'
import { acrossRegions, REGION_CONCURRENCY, type RegionResult, type RegionSuccess } from './fan-out.js'
import { completeRegion, prepareRegion, publishNew, type Prepared, type RegionContext, type SharedContext } from './region.js'
import * as say from './alignment-lines.js' // the words of the log and errors, pure
import { LATE_LANDING_MS } from './cancellation.js'
import type { RegionLog } from './step-log.js'

/** Filler versions one region may publish in a run (the first, which shows the number, and real
 * versions withdrawn to catch up included): above this the run refuses, since each is a publish
 * and a delete at Lambda's paced rate. */
export const MAX_FILLERS = 100
/** Times real versions are withdrawn to publish again higher before a region that still cannot
 * get the common number (another publisher keeps taking numbers there) fails. */
export const MAX_RETRIES = 3

/** A region taking part in the alignment; `exact` when a filler (its number + 1) proved `next`. */
interface Lane extends say.NextNumber {
  prepared: Prepared
  fillers: number
  /** A filler publish was sent (one may exist, even if its answer never came). */
  filling: boolean
  /** Real versions deleted because they landed below the others: numbers spent, like fillers. */
  withdrawn: number
  /** The real version, once published. */
  version?: LayerVersion
}

/** Where a lane failed: a fill's failure leaves only fillers to settle, a real publish's its version too. */
type Phase = 'fill' | 'real'

/** Where the alignment logs (main.ts gives the step log's). */
export interface AlignmentLogs {
  /** Each region's own log (step-log.ts). */
  region: (region: string) => RegionLog
  /** A line about all the regions (the numbers, the common number), written at once. */
  log: (message: string) => void
  /** A decision about all the regions, written at once with step debug logging. */
  debug: (message: string) => void
  /** Told each region's result as it ends (its lines are printed then). */
  ended?: (result: RegionResult) => void
}

/**
 * publish mode with align-versions and several regions. Returns one result per region, in the
 * order of settings.regions; never throws: a region's error becomes its RegionFailure. With
 * skip-unchanged, every region reuses when every region can; otherwise every region publishes.
 */
export async function publishAligned(ctx: SharedContext, archive: ArchiveFacts, logs: AlignmentLogs): Promise<RegionResult[]> {
  const alignment = new Alignment(ctx, archive, logs)
  await alignment.prepare()
  if (!alignment.allReuse()) await alignment.align()
  return acrossRegions(ctx.settings.regions, (region) => alignment.finish(region), logs.ended)
}

class Alignment {
  private lanes: Lane[] = []
  private readonly failures = new Map<string, unknown>()
  private readonly run = limiter(REGION_CONCURRENCY)
  private readonly filler: Filler = makeFiller()

  constructor(
    private readonly ctx: SharedContext,
    private readonly archive: ArchiveFacts,
    private readonly logs: AlignmentLogs
  ) {}

  /** The context of `region`: the shared one with the region's own log. */
  private at(region: string): RegionContext {
    return { ...this.ctx, ...this.logs.region(region) }
  }

  /** Every region's baseline and skip-unchanged verdict, in its publish stage; a region that fails here is out. */
  async prepare(): Promise<void> {
    const doing = say.alignDoing(this.ctx.settings.skipUnchanged)
    const prepareIn = (region: string) => {
      const ctx = this.at(region)
      ctx.stage('publish', doing)
      return prepareRegion(ctx, builtContent(this.archive), region)
    }
    const prepared = await Promise.all(
      this.ctx.settings.regions.map((region) =>
        this.run(() => prepareIn(region)).catch((err: unknown) => void this.failures.set(region, err))
      )
    )
    for (const p of prepared)
      if (p)
        this.lanes.push({ region: p.region, prepared: p, next: p.baseline + 1, exact: false, fillers: 0, filling: false, withdrawn: 0 })
  }

  /** With skip-unchanged: true when every region left can reuse its newest version and those
   * versions have one number (then nothing is published); otherwise every region publishes,
   * aligned, the unchanged ones too: the outputs name one number for every region. */
  allReuse(): boolean {
    const same = this.lanes.length > 0 && this.lanes.every((l) => l.prepared.reuse?.same)
    const apart = same && say.numbersApart(this.lanes.map((l) => l.prepared))
    if (apart) this.logs.log(apart)
    for (const { region, prepared } of this.lanes)
      if (prepared.reuse) this.logs.region(region).log(say.reuseLine(prepared.reuse, same && !apart, !!apart))
    return same && !apart
  }

  /** Publishes the real version in every lane at one number, fillers first where needed. The
   * lanes whose next number is only a lower bound publish first: where a newest version was
   * deleted, theirs lands higher, and the others then catch up with fillers instead of deleting
   * a real version. */
  async align(): Promise<void> {
    this.logs.log(`align-versions: the next version numbers are at least ${this.lanes.map((l) => `${l.next} in ${l.region}`).join(', ')}`)
    for (let withdrawals = 0; ;) {
      if ((await this.fill(this.highest())) === undefined || (await this.stopped())) return
      const waiting = this.lanes.filter((l) => !l.version)
      const unproven = waiting.filter((l) => !l.exact)
      const first = unproven.length > 0 ? unproven : waiting
      if (unproven.length > 0 && unproven.length < waiting.length)
        this.logs.debug(
          `align-versions: ${first.map((l) => l.region).join(', ')} publish first: their next numbers are known only from their lists (a deleted newest version would show now, sparing the others' real versions)`
        )
      await this.each(first, 'real', (l) => this.publishReal(l))
      if (await this.stopped()) return
      const top = this.highest()
      const behind = this.lanes.filter((l) => l.version && l.version.version < top)
      if (behind.length > 0 && ++withdrawals > MAX_RETRIES) return this.failEach(behind, 'real', (l) => say.misaligned(l, top, MAX_RETRIES))
      if (behind.length > 0) await this.each(behind, 'real', (l) => this.withdrawReal(l, top))
      else if (this.lanes.every((l) => l.version)) return this.done(top)
    }
  }

  private done(top: number): void {
    if (this.lanes.length > 0) this.logs.log(`align-versions: version ${top} in ${this.lanes.map((l) => l.region).join(', ')}`)
  }

  /** The region's result: completeRegion with the version it settled on. Throws the region's failure. */
  async finish(region: string): Promise<RegionSuccess> {
    if (this.failures.has(region)) throw this.failures.get(region)
    const lane = this.lanes.find((l) => l.region === region)
    const reuse = lane?.prepared.reuse
    const ctx = this.at(region)
    if (lane?.version)
      return completeRegion(ctx, lane.prepared, { version: lane.version, owned: true, fillers: lane.fillers, withdrawn: lane.withdrawn })
    if (lane && reuse?.same) return completeRegion(ctx, lane.prepared, { version: reuse.version, owned: false })
    throw new ActionError(`align-versions: ${region} ended without a version (a defect of the action: please report it)`)
  }

  /** The number the real versions get: the highest real version, or next number, of any lane (0 for none). */
  private highest(): number {
    return Math.max(0, ...this.lanes.map((l) => l.version?.version ?? l.next))
  }

  /** Fills every lane up to `target`, raising it when a filler shows a region further on, until no
   * lane lags. Returns the number reached; undefined when the run refused (too many fillers). */
  private async fill(target: number): Promise<number | undefined> {
    for (;;) {
      // Numbers spent so far count too: fillers, and real versions withdrawn.
      const over = this.lanes.filter((l) => !l.version && l.fillers + l.withdrawn + target - l.next > MAX_FILLERS)
      if (over.length > 0) return void (await this.refuse(over, target))
      const behind = this.lanes.filter((l) => !l.version && l.next < target)
      if (behind.length === 0) return target
      for (const l of behind) this.logs.region(l.region).debug(say.fillerNeed(l, target))
      this.logs.log(`align-versions: filling ${behind.map((l) => `${l.region} (${target - l.next})`).join(', ')} up to version ${target}`)
      await this.each(behind, 'fill', (l) => this.fillLane(l, target))
      target = Math.max(target, this.highest())
    }
  }

  private async fillLane(lane: Lane, target: number): Promise<void> {
    const ctx = this.at(lane.region)
    const clients = ctx.clients(lane.region)
    const progress = ctx.progress(lane.region)
    const before = lane.fillers
    while (lane.next < target) {
      const retry = {
        once: clients.lambdaOnce,
        maxAttempts: ctx.settings.maxAttempts,
        baseline: lane.next - 1,
        signal: ctx.signal,
        log: ctx.log,
        lateLandingMs: LATE_LANDING_MS
      }
      const track = (live: string | undefined) => void (progress.filler = live)
      lane.filling = true
      const n = await publishFiller(ctx.settings.layerName, this.filler, { lambda: clients.lambda, retry, track })
      Object.assign(lane, { next: n + 1, exact: true, fillers: lane.fillers + 1 })
      ctx.debug(`Filler version ${n} published and deleted (${lane.fillers} so far)`)
    }
    if (lane.fillers > before) ctx.log(say.fillersDone(lane.fillers - before, lane.fillers, lane.next))
  }

  private async publishReal(lane: Lane): Promise<void> {
    if (this.ctx.signal?.aborted) throw new CancelledError('Publishing')
    const ctx = this.at(lane.region)
    ctx.debug(say.realPublishDecision(lane))
    lane.version = await publishNew(ctx, this.archive, lane.region)
    Object.assign(this.ctx.progress(lane.region), { version: lane.version, owned: true })
  }

  /** A real version below `target`: deleted (it was never shared) so the region can catch up;
   * its number counts as a filler. Throws LeftBehindError when it cannot be deleted. */
  private async withdrawReal(lane: Lane, target: number): Promise<void> {
    const version = lane.version as LayerVersion
    this.logs
      .region(lane.region)
      .log(`Got version ${version.version}, below ${target} elsewhere; deleting it (not shared yet) to publish again`)
    await this.withdraw(lane)
    Object.assign(lane, { next: version.version + 1, exact: true, withdrawn: lane.withdrawn + 1 })
  }

  /** Deletes the lane's real version; throws LeftBehindError when the delete fails. */
  private async withdraw(lane: Lane): Promise<string> {
    const version = lane.version as LayerVersion
    const withdrawal = await withdrawVersion(this.ctx.clients(lane.region).lambda, version)
    if (withdrawal.state === 'failed') throw new LeftBehindError(withdrawal.text, undefined, [version.layerVersionArn])
    lane.version = undefined
    Object.assign(this.ctx.progress(lane.region), { version: undefined, owned: undefined })
    if (withdrawal.state === 'deleted' && this.ctx.signal?.aborted)
      this.ctx.progress(lane.region).undone.push(`deleted ${version.layerVersionArn}, which was not shared`)
    // Alignment comes before sharing: a real version withdrawn here was never shared.
    return withdrawal.state === 'deleted'
      ? `Deleted ${version.layerVersionArn}, which this run had published and not shared yet.`
      : withdrawal.text
  }

  /** Runs `work` on each lane, at most REGION_CONCURRENCY at once; a lane whose work fails is out. */
  private async each(lanes: Lane[], phase: Phase, work: (lane: Lane) => Promise<void>): Promise<void> {
    await Promise.all(lanes.map((l) => this.run(() => work(l)).catch((err: unknown) => this.fail(l, phase, err))))
  }

  private async failEach(lanes: Lane[], phase: Phase, error: (lane: Lane) => unknown): Promise<void> {
    await Promise.all(lanes.map((l) => this.fail(l, phase, error(l))))
  }

  /** Every lane fails, naming the regions in `over`, which would need more than MAX_FILLERS fillers. */
  private async refuse(over: Lane[], target: number): Promise<void> {
    const shown = this.lanes.filter((l) => l.version?.version === target).map((l) => l.region)
    const refusal = say.tooManyFillers(
      over.map((l) => ({ ...l, spent: l.fillers + l.withdrawn })),
      { target, shown },
      MAX_FILLERS
    )
    await this.failEach(this.lanes, 'real', () => refusal)
  }

  /** True, after failing every lane left, once the run is cancelled. */
  private async stopped(): Promise<boolean> {
    if (!this.ctx.signal?.aborted) return false
    await this.failEach(this.lanes, 'real', () => new CancelledError('Aligning version numbers'))
    return true
  }

  /** Takes the lane out, then settles what it leaves: its real version is deleted (never shared),
   * and so is any filler of this run still live (a lost answer, a failed delete). */
  private async fail(lane: Lane, phase: Phase, err: unknown): Promise<void> {
    this.lanes = this.lanes.filter((l) => l !== lane)
    const lambda = this.ctx.clients(lane.region).lambda
    const progress = this.ctx.progress(lane.region)
    if (err instanceof CancelledError && err.undone) progress.undone.push(err.undone)
    // A filler's own failure is settled by the sweep below, except one a cancel cut off in flight,
    // which may land after the sweep has looked.
    const named = phase === 'real' || this.ctx.signal?.aborted
    const left = new Set(named && err instanceof LeftBehindError ? err.leftBehind : [])
    const done: string[] = []
    if (lane.version) {
      const arn = lane.version.layerVersionArn
      await this.withdraw(lane).then(
        (text) => done.push(text),
        () => left.add(arn)
      )
    }
    const sweep = lane.filling
      ? await sweepFillers(lambda, this.ctx.settings.layerName, this.filler, lane.prepared.baseline)
      : { deleted: [], left: [] }
    progress.filler = sweep.left.length > 0 ? sweep.left.join(', ') : undefined
    if (this.ctx.signal?.aborted) progress.undone.push(...sweep.deleted.map((a) => `deleted the filler version ${a}`))
    done.push(...sweep.deleted.map((a) => `Deleted the filler version ${a}.`))
    for (const l of sweep.left) left.add(l)
    const asIs = done.length === 0 && left.size === 0 && !(err instanceof LeftBehindError)
    // A filler's failure that the sweep settled: its fix (delete it by hand) no longer applies.
    const what = phase === 'fill' && err instanceof LeftBehindError && left.size === 0 ? err.message : describeError(err)
    const error = asIs
      ? err
      : new LeftBehindError(`${what}. ${done.join(' ')}`.replace(/\.\. /, '. ').trim(), undefined, [...left], { cause: err })
    this.failures.set(lane.region, error)
  }
}
