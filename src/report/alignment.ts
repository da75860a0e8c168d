// What the job summary says of align-versions (the version number the regions share, the filler
// versions it took) and of ssm-parameter (the regions whose parameter now names the version), in
// a publish run and in a dry run.
import type { RegionSuccess } from '../regions/fan-out.js'
import type { Settings } from '../settings.js'
import { andList, code, plural } from './markdown.js'
import { successes, type Outcome } from './outcome.js'

/** align-versions applies: asked for, with several regions. Never throws. */
export function aligning(settings: Pick<Settings, 'alignVersions' | 'regions'>): boolean {
  return settings.alignVersions && settings.regions.length > 1
}

type Versioned = RegionSuccess & { version: NonNullable<RegionSuccess['version']> }

/** The common version number (or that the numbers differ, and why) and the SSM parameter written,
 * one paragraph each; [] when neither input applies. Never throws. */
export function alignmentSection(outcome: Outcome): string[] {
  const { settings } = outcome
  const ok = successes(outcome).filter((r): r is Versioned => !!r.version)
  const lines: string[] = []
  if (aligning(settings) && ok.length > 0) lines.push(commonVersionLine(ok, ok.length === outcome.regions.length), '')
  if (settings.ssmParameter) lines.push(...parameterLines(outcome, settings.ssmParameter))
  return lines
}

/** Where the SSM parameter holds the region's version ARN (failed regions too, when it was
 * written before the failure), and where it names a newer version another run published. */
function parameterLines(outcome: Outcome, name: string): string[] {
  const left = outcome.regions.flatMap((r) => (r.parameter && r.version ? [{ ...r.parameter, region: r.region, own: r.version }] : []))
  const written = left.filter((p) => p.holds === p.own.layerVersionArn).map((p) => p.region)
  const newer = left.filter((p) => p.holds !== p.own.layerVersionArn)
  const lines = written.length > 0 ? [`SSM parameter ${code(name)} holds the version ARN in ${andList(written)}.`] : []
  for (const p of newer)
    lines.push(
      `In ${p.region}, SSM parameter ${code(name)} holds ${code(p.holds)}: a newer version, which another run published, so this run left it${p.outcome === 'restored' ? ' (put back after this run wrote its own)' : ''}.`
    )
  return lines.length > 0 ? [...lines, ''] : []
}

function commonVersionLine(ok: Versioned[], all: boolean): string {
  const numbers = new Set(ok.map((r) => r.version.version))
  if (numbers.size > 1) {
    const each = ok.map((r) => `${r.region} ${r.version.version}`).join(', ')
    const why = ok.every((r) => !r.published)
      ? "skip-unchanged reused each region's newest version, so nothing was published to align; the next change publishes aligned"
      : 'see the failures below'
    return `**align-versions: the version numbers differ** (${each}): ${why}.`
  }
  const fillers = ok.filter((r) => (r.fillers ?? 0) > 0).map((r) => `${r.fillers} in ${r.region}`)
  const made = fillers.length > 0 ? ` Filler versions published and deleted first: ${andList(fillers)}.` : ''
  return `**Version ${[...numbers][0]} in ${all ? 'every region' : 'each region that succeeded'}** (align-versions).${made}`
}

/** A dry run's words for align-versions, to follow "Would publish a new version in <regions>";
 * '' when it does not apply. The number cannot be known without publishing. Never throws. */
export function dryRunAligned(settings: Pick<Settings, 'alignVersions' | 'regions'>): string {
  return aligning(settings) ? ' with the same version number in every region (aligned at publish time)' : ''
}

/** A dry run's words for ssm-parameter, to end the sentence on publishing and sharing; '' without
 * it. Never throws. */
export function dryRunParameter(settings: Pick<Settings, 'ssmParameter' | 'regions'>): string {
  if (!settings.ssmParameter) return ''
  return `, then its version ARN written to the SSM parameter ${code(settings.ssmParameter)} in ${settings.regions.length > 1 ? `each of the ${plural(settings.regions.length, 'region')}` : 'its region'}`
}
