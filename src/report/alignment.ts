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
  if (aligning(settings) && ok.length > 0) lines.push(commonVersionLine(outcome, ok), '')
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

/** The common number, the numbers spent to reach it, and the regions left without it; or that
 * the numbers differ (then `layer-version` is empty: outputs.ts). */
function commonVersionLine(outcome: Outcome, ok: Versioned[]): string {
  const numbers = new Set(ok.map((r) => r.version.version))
  if (numbers.size > 1) {
    const each = ok.map((r) => `${r.region} ${r.version.version}`).join(', ')
    return `**align-versions: the version numbers differ** (${each}), so ${code('layer-version')} is empty: see the failures below.`
  }
  const spent = ok.flatMap((r) => {
    const parts = (r.fillers ?? 0) > 0 ? [plural(r.fillers ?? 0, 'filler version')] : []
    if ((r.withdrawn ?? 0) > 0) parts.push(`${plural(r.withdrawn ?? 0, 'real version')} that landed below the others`)
    return parts.length > 0 ? [`${andList(parts)} in ${r.region}`] : []
  })
  const made = spent.length > 0 ? ` Published and deleted first, to reach it: ${spent.join('; ')}.` : ''
  const without = outcome.regions.filter((r) => !r.ok && !r.version).map((r) => r.region)
  const its = without.length === 1 ? 'keeps its previous version' : 'keep their previous versions'
  const kept = `${its}${outcome.settings.ssmParameter ? ` and SSM parameter ${without.length === 1 ? 'value' : 'values'}` : ''}`
  const apart =
    without.length > 0 ? ` ${andList(without)} did not get it (see below) and ${kept}: the regions differ until a run succeeds there.` : ''
  const where = without.length > 0 || ok.length < outcome.regions.length ? 'each region that succeeded' : 'every region'
  return `**Version ${[...numbers][0]} in ${where}** (align-versions).${made}${apart}`
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
