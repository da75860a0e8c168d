// What the job summary says of align-versions (the common version number, the fillers) and of
// ssm-parameter (where the version ARN was written), for publish runs and dry runs.
import type { RegionResult, RegionSuccess } from '../regions/fan-out.js'
import type { Settings } from '../settings.js'

type AlignSettings = Pick<Settings, 'alignVersions' | 'regions' | 'ssmParameter' | 'skipUnchanged'>

/** align-versions applies: asked for, with several regions. Never throws. */
export function aligning(settings: Pick<Settings, 'alignVersions' | 'regions'>): boolean {
  return settings.alignVersions && settings.regions.length > 1
}

/** Summary lines (Markdown) on the version number the regions share and the SSM parameter
 * written; [] when neither input applies. Never throws. */
export function alignmentLines(settings: AlignSettings, regions: RegionResult[]): string[] {
  const ok = regions.filter((r): r is RegionSuccess & { version: NonNullable<RegionSuccess['version']> } => r.ok && !!r.version)
  const lines: string[] = []
  if (aligning(settings) && ok.length > 0) lines.push(commonVersionLine(ok, ok.length === regions.length))
  const written = ok.filter((r) => r.parameter)
  if (settings.ssmParameter && written.length > 0) {
    lines.push(`SSM parameter \`${settings.ssmParameter}\` holds the version ARN in ${written.map((r) => r.region).join(', ')}.`)
  }
  return lines.length > 0 ? ['', ...lines] : []
}

function commonVersionLine(ok: (RegionSuccess & { version: { version: number } })[], all: boolean): string {
  const numbers = new Set(ok.map((r) => r.version.version))
  if (numbers.size > 1) {
    const each = ok.map((r) => `${r.region} ${r.version.version}`).join(', ')
    const why = ok.every((r) => !r.published)
      ? "skip-unchanged reused each region's newest version, so nothing was published to align; the next change publishes aligned"
      : 'see the failures above'
    return `**align-versions: the version numbers differ** (${each}): ${why}.`
  }
  const fillers = ok.filter((r) => (r.fillers ?? 0) > 0).map((r) => `${r.fillers} in ${r.region}`)
  const made = fillers.length > 0 ? ` Filler versions published and deleted first: ${fillers.join(', ')}.` : ''
  return `**Version ${[...numbers][0]} in ${all ? 'every region' : 'each region that succeeded'}** (align-versions).${made}`
}

/** A dry run's words for align-versions, to follow "Would publish a new version in <regions>"; ''
 * when it does not apply. The number cannot be known without publishing. Never throws. */
export function dryRunAligned(settings: Pick<Settings, 'alignVersions' | 'regions'>): string {
  return aligning(settings) ? ' with the same version number in every region (aligned at publish time)' : ''
}

/** A dry run's words for ssm-parameter, to end the sentence on publishing and sharing; '' without
 * it. Never throws. */
export function dryRunParameter(settings: Pick<Settings, 'ssmParameter'>): string {
  return settings.ssmParameter ? `, then write its version ARN to the SSM parameter \`${settings.ssmParameter}\` in each region` : ''
}
