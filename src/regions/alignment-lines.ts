// What align-versions says, as text: the lines of the regions' logs and the errors that end the
// alignment. Pure, so each is tested apart from the AWS calls (aligned.ts makes them).
import { ActionError } from '../errors.js'
import type { Verdict } from '../publish/unchanged.js'

/** A region's next version number as the alignment knows it. */
export interface NextNumber {
  region: string
  /** The number the region's next publish gets, as far as known. */
  next: number
  /** `next` is proven by a publish; otherwise it is a lower bound from the list. */
  exact: boolean
}

/** "its next version is at least 4" (from the list) or "its next version is 4" (proven); `noun` names the number. */
function nextOf(lane: NextNumber, noun = 'version'): string {
  return `its next ${noun} is ${lane.exact ? '' : 'at least '}${lane.next}`
}

/** The publish stage's progress line under align-versions. Never throws. */
export function alignDoing(skipUnchanged: boolean): string {
  const compare = skipUnchanged ? ' and comparing with the newest version (skip-unchanged)' : ''
  return `finding the next version number (align-versions)${compare}`
}

/** skip-unchanged's verdict in one region, once every region's is known: a region reuses only
 * when all of them can (`allReuse`) at one number (not `apart`). Never throws. */
export function reuseLine(reuse: Verdict, allReuse: boolean, apart = false): string {
  if (allReuse && reuse.same) return `skip-unchanged: reusing ${reuse.version.layerVersionArn} (${reuse.reason})`
  if (reuse.same && apart)
    return `skip-unchanged: publishing although ${reuse.reason}: the regions hold this content at different version numbers, and align-versions gives the version one number everywhere`
  if (reuse.same)
    return `skip-unchanged: publishing although ${reuse.reason}: another region changed, and align-versions publishes everywhere`
  return `skip-unchanged: publishing (${reuse.reason})`
}

/** When the versions the regions would reuse have different numbers: the line saying every
 * region publishes again, aligned; else undefined. Never throws. */
export function numbersApart(regions: { region: string; reuse?: Verdict }[]): string | undefined {
  const numbers = regions.map(({ region, reuse }) => `${reuse?.same ? reuse.version.version : '-'} in ${region}`)
  if (new Set(regions.map((r) => (r.reuse?.same ? r.reuse.version.version : 0))).size <= 1) return undefined
  return `align-versions: every region holds this content already, but at different version numbers (${numbers.join(', ')}): publishing it again in every region, at one number`
}

/** The debug line of a lagging region's decision: how many fillers it needs to reach `target`. */
export function fillerNeed(lane: NextNumber, target: number): string {
  return `align-versions: needs ${target - lane.next} filler version(s) to reach version ${target} (${nextOf(lane)})`
}

/** The debug line of a region about to publish the real version. */
export function realPublishDecision(lane: NextNumber): string {
  if (lane.exact) return `align-versions: publishing at version ${lane.next}, the common number`
  return `align-versions: publishing; the list shows only that the next number is at least ${lane.next}, the publish shows it`
}

/**
 * The refusal when regions would need more than `max` fillers to reach `target`: `over` names
 * them, with the numbers each has spent already (fillers, and real versions withdrawn); `shown`
 * names the regions whose real version showed `target` (their newest versions had been deleted,
 * which no list shows), deleted again by the caller. Never throws.
 */
export function tooManyFillers(
  over: (NextNumber & { spent: number })[],
  { target, shown }: { target: number; shown: string[] },
  max: number
): ActionError {
  const named = over.map((l) => {
    const made = l.spent > 0 ? `, after ${l.spent} already` : ''
    return `${l.region} would need ${target - l.next} filler versions${made} (${nextOf(l, 'version number')})`
  })
  const how =
    shown.length > 0
      ? ` (the real version published in ${shown.join(', ')} got ${target}: newest versions deleted there had hidden that number from the list)`
      : ''
  return new ActionError(
    `align-versions: the common version number would be ${target}${how}, but ${named.join('; ')}: more than ${max}, so no region keeps a version of this run`,
    'Lambda never reuses a version number, so a lagging region catches up only by publishing versions: leave that region out of regions, or run without align-versions'
  )
}

/** The line after a round of fillers: `round` in this round, `total` in the region so far (the
 * same in a first round), and the region's next version number. Never throws. */
export function fillersDone(round: number, total: number, next: number): string {
  const so = total > round ? ` (${total} in this region so far)` : ''
  return `${round} filler version(s) published and deleted${so}; the next version is ${next}`
}

/** A region whose real version stayed below the others' `target` after `retries` rounds of
 * publishing again where a real version landed low; `withdrawn` of them were this region's. */
export function misaligned(
  lane: { region: string; version?: { version: number }; withdrawn: number },
  target: number,
  retries: number
): ActionError {
  const { region, version, withdrawn } = lane
  const here = `${withdrawn} ${withdrawn === 1 ? 'time' : 'times'} in ${region}`
  return new ActionError(
    `align-versions: ${region} got version ${version?.version} while the other regions have ${target}, after ${retries} rounds of publishing again where a real version landed low (${here}): another run or person is publishing versions of this layer there at the same time`,
    'Give the workflow a concurrency group for this layer, then re-run'
  )
}
