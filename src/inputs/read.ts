// Inputs stage: every action input is read once, here, and becomes one typed Settings object.
// Nothing else calls core.getInput. Pure apart from file-system checks: no network, no AWS.
import * as core from '@actions/core'
import { InputError } from '../errors.js'
import {
  checkEndpointUrl,
  checkFunctionTargets,
  checkMode,
  checkRange,
  checkRegions,
  checkRelativeEntries,
  checkS3Bucket,
  checkS3Key,
  normalizePrefix,
  resolveWorkingDirectory,
  resolveZipFile
} from './checks.js'
import type { Settings } from '../settings.js'
import { checkArchitectures, checkRuntimes } from './compatibility.js'
import { checkSigning } from './signing.js'
import { inputWarnings } from './warnings.js'
import { parseList } from './lists.js'
import { checkSsmParameter } from './ssm-parameter.js'
import {
  checkAudience,
  checkDescription,
  checkLayerName,
  checkLicenseInfo,
  checkPrincipals,
  checkRegion,
  checkRoleArn,
  checkRoleDurationSeconds,
  checkRoleSessionName
} from './rules.js'

/** Where inputs come from: @actions/core by default, a table in tests. */
export interface InputSource {
  getInput(name: string): string
  env: NodeJS.ProcessEnv
}

/** The inputs of action.yml, in its order. */
const INPUT_NAMES = [
  'layer-name',
  'working-directory',
  'paths',
  'prefix',
  'exclude',
  'zip-file',
  'description',
  'license-info',
  'compatible-runtimes',
  'compatible-architectures',
  'principals',
  'aws-region',
  'role-to-assume',
  'role-session-name',
  'role-duration-seconds',
  'audience',
  'endpoint-url',
  's3-bucket',
  's3-key',
  'signing-profile-name',
  'signing-profile-owner',
  'signing-timeout-seconds',
  'dry-run',
  'skip-unchanged',
  'regions',
  'align-versions',
  'ssm-parameter',
  'keep-versions',
  'mode',
  'update-functions',
  'comment-on-pr',
  'github-token',
  'max-attempts',
  'request-timeout-seconds'
] as const
type InputName = (typeof INPUT_NAMES)[number]
type Inputs = Record<InputName, string>

/** action.yml defaults that are not ''. An empty input means its default: runners and tests pass ''. */
const DEFAULTS: Partial<Inputs> = {
  'working-directory': '.',
  paths: '.',
  'role-session-name': 'GitHubActions',
  'role-duration-seconds': '900',
  audience: 'sts.amazonaws.com',
  'dry-run': 'false',
  'skip-unchanged': 'false',
  'align-versions': 'false',
  'keep-versions': '0',
  mode: 'publish',
  'comment-on-pr': 'false',
  'max-attempts': '5',
  'request-timeout-seconds': '60',
  'signing-timeout-seconds': '300'
}

/** Inputs that hold one value: a line break there is a YAML mistake, not a list. */
const SINGLE_VALUED: readonly InputName[] = INPUT_NAMES.filter(
  (n) =>
    ![
      'paths',
      'exclude',
      'description',
      'compatible-runtimes',
      'compatible-architectures',
      'principals',
      'regions',
      'update-functions'
    ].includes(n)
)

function readInputs(source: InputSource): Inputs {
  const inputs = {} as Inputs
  for (const name of INPUT_NAMES) {
    const value = source.getInput(name).trim()
    if (value.includes('\n') || value.includes('\r')) {
      if (SINGLE_VALUED.includes(name)) throw new InputError(name, 'must be a single value, found a line break')
    }
    inputs[name] = value === '' ? (DEFAULTS[name] ?? '') : value
  }
  return inputs
}

/** true or false (any case); throws InputError naming the input `name` for anything else. */
export function parseBoolean(name: string, value: string): boolean {
  const lower = value.toLowerCase()
  if (lower === 'true' || lower === 'false') return lower === 'true'
  throw new InputError(name, `'${value}' must be true or false`)
}

/** The number of a whole-number input; throws InputError naming `name` unless it is 1-9 digits:
 * '1e3', '900.5' and '+900' are refused rather than guessed at. */
export function parseInteger(name: string, value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InputError(name, `'${value}' must be a whole number`)
  return Number(value)
}

function readRegion(value: string, env: NodeJS.ProcessEnv): string {
  if (value) return checkRegion(value)
  for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION']) {
    const fromEnv = env[name]?.trim()
    if (fromEnv) return checkRegion(fromEnv, name)
  }
  throw new InputError('aws-region', 'is required: set it, or AWS_REGION / AWS_DEFAULT_REGION in the environment')
}

/** A ready zip is published as is: paths, prefix and exclude only shape a built archive. */
function checkZipExclusive(s: Settings): void {
  const conflicts: string[] = []
  if (s.paths.length !== 1 || s.paths[0] !== '.') conflicts.push('paths')
  if (s.prefix) conflicts.push('prefix')
  if (s.exclude.length > 0) conflicts.push('exclude')
  if (s.zipFile && conflicts.length > 0) {
    const names = conflicts.map((c) => `'${c}'`).join(', ')
    throw new InputError('zip-file', `cannot be combined with ${names}; set either 'zip-file' or ${names}`)
  }
}

function optional<T>(value: string, check: (v: string) => T): T | undefined {
  return value === '' ? undefined : check(value)
}

type LifecycleSettings = Pick<
  Settings,
  | 'regions'
  | 'skipUnchanged'
  | 'alignVersions'
  | 'ssmParameter'
  | 'keepVersions'
  | 'mode'
  | 'updateFunctions'
  | 'commentOnPr'
  | 'githubToken'
  | 'maxAttempts'
  | 'requestTimeoutSeconds'
>

/** Inputs for regions, reuse, alignment, the SSM parameter, pruning, cleanup, functions, PR
 * comments and retries. */
function lifecycleSettings(input: Inputs, base: { region: string; layerName: string }): LifecycleSettings {
  const regions = checkRegions(parseList(input.regions), base.region, base.layerName)
  return {
    regions,
    skipUnchanged: parseBoolean('skip-unchanged', input['skip-unchanged']),
    alignVersions: parseBoolean('align-versions', input['align-versions']),
    ssmParameter: optional(input['ssm-parameter'], (v) => checkSsmParameter(v, regions)),
    keepVersions: parseInteger('keep-versions', input['keep-versions']),
    mode: checkMode(input.mode),
    updateFunctions: checkFunctionTargets(parseList(input['update-functions']), regions),
    commentOnPr: parseBoolean('comment-on-pr', input['comment-on-pr']),
    githubToken: input['github-token'] || undefined,
    maxAttempts: checkRange('max-attempts', parseInteger('max-attempts', input['max-attempts']), 1, 10),
    requestTimeoutSeconds: checkRange(
      'request-timeout-seconds',
      parseInteger('request-timeout-seconds', input['request-timeout-seconds']),
      1,
      900
    )
  }
}

/** The runner's inputs, through @actions/core. */
function runnerInputs(): InputSource {
  return { getInput: (n) => core.getInput(n), env: process.env }
}

/** The layer-name input as given, unchecked ('' when empty): the title of the job summary of a
 * run whose inputs were refused. Never throws. */
export function givenLayerName(source: InputSource = runnerInputs()): string {
  return source.getInput('layer-name').trim()
}

/**
 * Reads every input once and checks it. Returns the Settings and the warnings to log (deprecated
 * runtimes, redundant principals, an audience the partition will refuse). Throws InputError for
 * the first bad input, before any AWS call; reads the file system only (working-directory,
 * zip-file), never the network.
 */
export function readSettings(source: InputSource = runnerInputs()): {
  settings: Settings
  warnings: string[]
} {
  const input = readInputs(source)
  if (!input['layer-name']) throw new InputError('layer-name', 'is required: a layer name or layer ARN')
  const region = readRegion(input['aws-region'], source.env)
  const runtimes = checkRuntimes(parseList(input['compatible-runtimes']))
  const principals = checkPrincipals(parseList(input.principals), region)
  const lifecycle = lifecycleSettings(input, { region, layerName: input['layer-name'] })
  const s3Bucket = optional(input['s3-bucket'], (v) => checkS3Bucket(v, lifecycle.regions))
  const settings: Settings = {
    layerName: checkLayerName(input['layer-name'], region),
    workingDirectory: resolveWorkingDirectory(input['working-directory'], source.env),
    paths: checkRelativeEntries('paths', parseList(input.paths)),
    prefix: normalizePrefix(input.prefix),
    exclude: checkRelativeEntries('exclude', parseList(input.exclude)),
    zipFile: optional(input['zip-file'], (v) => resolveZipFile(v, source.env)),
    description: optional(input.description, checkDescription),
    licenseInfo: optional(input['license-info'], checkLicenseInfo),
    compatibleRuntimes: runtimes.runtimes,
    compatibleArchitectures: checkArchitectures(parseList(input['compatible-architectures'])),
    principals: principals.principals,
    region,
    roleToAssume: optional(input['role-to-assume'], (v) => checkRoleArn(v, region, input['layer-name'])),
    roleSessionName: checkRoleSessionName(input['role-session-name']),
    roleDurationSeconds: checkRoleDurationSeconds(parseInteger('role-duration-seconds', input['role-duration-seconds'])),
    audience: checkAudience(input.audience),
    endpointUrl: optional(input['endpoint-url'], checkEndpointUrl),
    s3Bucket,
    s3Key: optional(input['s3-key'], (v) => checkS3Key(v, s3Bucket ?? '', lifecycle.regions)),
    dryRun: parseBoolean('dry-run', input['dry-run']),
    ...lifecycle,
    signing: checkSigning(
      {
        profileName: input['signing-profile-name'],
        profileOwner: input['signing-profile-owner'],
        timeoutSeconds: parseInteger('signing-timeout-seconds', input['signing-timeout-seconds'])
      },
      s3Bucket
    )
  }
  if (settings.paths.length === 0) settings.paths = ['.']
  checkZipExclusive(settings)
  const given = { signingTimeout: input['signing-timeout-seconds'] !== DEFAULTS['signing-timeout-seconds'] }
  return { settings, warnings: [...runtimes.warnings, ...principals.warnings, ...inputWarnings(settings, given)] }
}
