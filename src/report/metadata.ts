// The metadata section: what the version carries besides its content (only the fields given),
// and the commit and workflow run it came from.
import { code, link, section, text } from './markdown.js'
import type { Outcome, RunLinks } from './outcome.js'

/** "Built from commit abc1234 in workflow run 42 (attempt 2)", linked; '' without links. */
function sourceLine(links: RunLinks | undefined): string {
  const parts: string[] = []
  if (links?.commit) parts.push(`commit ${link(code(links.commit.sha.slice(0, 7)), links.commit.url)}`)
  if (links?.run)
    parts.push(`workflow run ${link(text(links.run.id), links.run.url)}${links.run.attempt ? ` (attempt ${links.run.attempt})` : ''}`)
  return parts.length > 0 ? `- **Source:** ${parts.join(', ')}` : ''
}

/** The metadata section: description, license, runtimes and architectures when given, and the
 * source; [] when there is none of them, and in mode: delete. Never throws. */
export function metadataSection(outcome: Pick<Outcome, 'settings' | 'links'>): string[] {
  const { settings } = outcome
  if (settings.mode === 'delete') return []
  const fields: [string, string | undefined][] = [
    ['Description', settings.description && text(settings.description)],
    ['License', settings.licenseInfo && text(settings.licenseInfo)],
    ['Runtimes', settings.compatibleRuntimes.join(', ') || undefined],
    ['Architectures', settings.compatibleArchitectures.join(', ') || undefined]
  ]
  const lines = fields.filter(([, value]) => value).map(([name, value]) => `- **${name}:** ${value}`)
  const source = sourceLine(outcome.links)
  return section('Metadata', source ? [...lines, source] : lines)
}
