// The inputs stage as the step log shows it: the settings read once, their warnings, and what
// the step will do in a line (the whole of it at debug level).
import * as core from '@actions/core'
import type { Settings } from '../settings.js'
import { readSettings, type InputSource } from './read.js'

/** The settings (read.ts readSettings), with the GitHub token masked, the warnings logged and a
 * line saying what the step will do. Throws InputError for the first bad input. */
export function readInputs(source?: InputSource): Settings {
  const { settings, warnings } = readSettings(source)
  if (settings.githubToken) core.setSecret(settings.githubToken)
  for (const w of warnings) core.warning(w)
  core.info(describeSettings(settings))
  core.debug(`Settings: ${settingsForDebug(settings)}`)
  return settings
}

/** "Layer my-deps: publish in eu-west-1, us-east-1 (python3.12; x86_64), shared with 2
 * principal(s), skip-unchanged, keep-versions 5": the inputs stage's line. Never throws. */
export function describeSettings(s: Settings): string {
  const where = s.regions.join(', ')
  if (s.mode === 'delete') return `Layer ${s.layerName}: delete every version in ${where}${s.dryRun ? ' (dry run: no AWS call)' : ''}`
  const metadata = [s.compatibleRuntimes.join(', '), s.compatibleArchitectures.join(', ')].filter(Boolean).join('; ')
  const parts = [`Layer ${s.layerName}: publish in ${where}${metadata ? ` (${metadata})` : ''}`]
  if (s.zipFile) parts.push(`from the zip ${s.zipFile}`)
  if (s.principals.length > 0) parts.push(`shared with ${s.principals.length} principal(s)`)
  if (s.skipUnchanged) parts.push('skip-unchanged')
  if (s.keepVersions > 0) parts.push(`keep-versions ${s.keepVersions}`)
  if (s.updateFunctions.length > 0) parts.push(`update-functions: ${s.updateFunctions.length}`)
  if (s.dryRun) parts.push('dry run: no AWS call')
  return parts.join(', ')
}

/** Every setting as JSON on one line for the debug log, the GitHub token left out (it is masked
 * anyway; its presence is what matters). Never throws. */
export function settingsForDebug(s: Settings): string {
  return JSON.stringify({ ...s, githubToken: s.githubToken ? '(set)' : '(empty)' })
}
