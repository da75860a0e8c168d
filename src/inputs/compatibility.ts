// The compatible-runtimes and compatible-architectures rules, from the Lambda API model's
// Runtime and Architecture enums and the runtime deprecation schedule.
import { InputError } from '../errors.js'
import RUNTIME_ENUM from './runtimes.json' with { type: 'json' }

/** Lambda's Runtime enum in model order, from runtimes.json, which the emulator reads too (a test
 * compares it with the API model). Not the SDK constant: a pinned SDK can lag the service. */
export const RUNTIMES: readonly string[] = RUNTIME_ENUM

/** Publishing still accepts these, but functions on them get no security patches (Lambda
 * developer guide, "Runtime deprecation policy"). */
export const DEPRECATED_RUNTIMES: ReadonlySet<string> = new Set([
  'nodejs',
  'nodejs4.3',
  'nodejs6.10',
  'nodejs8.10',
  'nodejs10.x',
  'nodejs12.x',
  'nodejs14.x',
  'nodejs16.x',
  'nodejs18.x',
  'nodejs4.3-edge',
  'python2.7',
  'python3.6',
  'python3.7',
  'python3.8',
  'python3.9',
  'java8',
  'go1.x',
  'provided',
  'dotnetcore1.0',
  'dotnetcore2.0',
  'dotnetcore2.1',
  'dotnetcore3.1',
  'dotnet6',
  'ruby2.5',
  'ruby2.7'
])

/** Deprecation scheduled during 2026 (same source): still fine today, so only a softer warning. */
export const RUNTIMES_DEPRECATED_2026: ReadonlySet<string> = new Set([
  'ruby3.2',
  'nodejs20.x',
  'python3.10',
  'python3.11',
  'java8.al2',
  'java11',
  'java17',
  'provided.al2',
  'dotnet8'
])

export const ARCHITECTURES: readonly string[] = ['x86_64', 'arm64']
/** CompatibleRuntimes holds at most 15 values (API model, PublishLayerVersion). */
export const MAX_RUNTIMES = 15
const RUNTIME_EXAMPLES = 'for example python3.13, nodejs22.x'

/** Alphabetic family of a runtime id: 'python3.12' -> 'python', 'go1.x' -> 'go'. */
function family(runtime: string): string {
  return /^[a-z]*/.exec(runtime.toLowerCase())?.[0] ?? ''
}

/** Current runtimes of the same family (python3.99 -> python3.12 ...), else generic examples. */
function runtimeSuggestion(value: string): string {
  if (RUNTIMES.includes(value.toLowerCase())) return `did you mean ${value.toLowerCase()}?`
  const fam = family(value)
  const same = fam ? RUNTIMES.filter((r) => family(r) === fam || (fam.length >= 2 && family(r).startsWith(fam))) : []
  const current = same.filter((r) => !DEPRECATED_RUNTIMES.has(r) && !RUNTIMES_DEPRECATED_2026.has(r))
  const pick = current.length > 0 ? current : same
  return pick.length > 0 ? `known ${fam} runtimes: ${pick.join(', ')}` : RUNTIME_EXAMPLES
}

/** The runtimes deduplicated (first occurrence wins), and warnings for deprecated ones. Throws
 * InputError for a value outside the Runtime enum (with a suggestion) or more than MAX_RUNTIMES. */
export function checkRuntimes(values: string[]): { runtimes: string[]; warnings: string[] } {
  const runtimes = [...new Set(values)]
  for (const r of runtimes) {
    if (!RUNTIMES.includes(r)) {
      throw new InputError('compatible-runtimes', `'${r}' is not a Lambda runtime identifier (${runtimeSuggestion(r)})`)
    }
  }
  if (runtimes.length > MAX_RUNTIMES) {
    throw new InputError('compatible-runtimes', `at most ${MAX_RUNTIMES} runtimes are allowed (got ${runtimes.length})`)
  }
  const warnings: string[] = []
  const deprecated = runtimes.filter((r) => DEPRECATED_RUNTIMES.has(r))
  const scheduled = runtimes.filter((r) => RUNTIMES_DEPRECATED_2026.has(r))
  if (deprecated.length > 0) {
    warnings.push(
      `Input 'compatible-runtimes': ${deprecated.join(', ')} ${deprecated.length > 1 ? 'are' : 'is'} deprecated; ` +
        'Lambda no longer patches functions on them'
    )
  }
  if (scheduled.length > 0) {
    warnings.push(
      `Input 'compatible-runtimes': ${scheduled.join(', ')} ${scheduled.length > 1 ? 'are' : 'is'} scheduled for deprecation during 2026`
    )
  }
  return { runtimes, warnings }
}

const ARCHITECTURE_ALIASES: Record<string, string> = { amd64: 'x86_64', 'x86-64': 'x86_64', x64: 'x86_64', aarch64: 'arm64' }

/** The architectures deduplicated; throws InputError for anything but x86_64 and arm64 (API
 * model, Architecture), suggesting the name for aliases such as amd64 or aarch64. */
export function checkArchitectures(values: string[]): string[] {
  const architectures = [...new Set(values)]
  for (const a of architectures) {
    if (!ARCHITECTURES.includes(a)) {
      const alias = ARCHITECTURE_ALIASES[a.toLowerCase()] ?? (ARCHITECTURES.includes(a.toLowerCase()) ? a.toLowerCase() : '')
      const hint = alias ? `; did you mean ${alias}?` : ''
      throw new InputError('compatible-architectures', `'${a}' is not x86_64 or arm64${hint}`)
    }
  }
  return architectures
}
