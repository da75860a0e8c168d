// The "latest version" pointer: the version ARN written to an SSM String parameter in the
// version's region, where CloudFormation ({{resolve:ssm:...}}), Terraform (aws_ssm_parameter)
// and the CLI read it. Written once the version is shared, so the pointer never names a version
// that consumers cannot use yet. PutParameter has no conditional write (SSM API reference), so
// two runs that overlap could move the pointer back: the value is read first and never replaced
// by an older version of the same layer, and a write that another run's write slipped in front
// of (between the read and the write) is checked afterwards and undone.
import { GetParameterCommand, PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import { isUnreadableSuccess } from '../aws/answers.js'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
import { parameterArn } from '../inputs/ssm-parameter.js'
import { classifyFailure } from '../publish/retry.js'

/** What the parameter holds once this run is done with it. */
export interface WrittenParameter {
  name: string
  /** The parameter's version that holds `holds` (SSM counts each write). */
  version: number
  /** Its value: this run's version ARN, or that of a newer version of the layer. */
  holds: string
  /** written: this run wrote its ARN; kept: it held that already; newer: it names a newer version
   * of the layer (another run's), left as it is; restored: another run's write of a newer version
   * landed just before this run's, and that newer ARN was put back. */
  outcome: 'written' | 'kept' | 'newer' | 'restored'
  /** What it held before this run wrote (absent: it did not exist, or nothing was written). */
  replaced?: string
}

/** How the write logs and stops. */
export interface ParameterOptions {
  /** The run's cancel: no call starts after it; a write it cuts off is read back. */
  signal?: AbortSignal
  /** A line of the region's log (a write settled by reading it back). */
  log?: (message: string) => void
  debug?: (message: string) => void
}

/** One parameter's value at one of its versions. */
interface Held {
  value: string
  version: number
}

/** One writeParameter call: the client, the parameter, the version it is for, and its options. */
interface Call extends ParameterOptions {
  ssm: SSMClient
  name: string
  version: LayerVersion
}

/** After a cancel cut the write off, how long reading it back may take (milliseconds): well within
 * the run's 6 s to stop (regions/cancellation.ts). */
export const READ_BACK_MS = 3000

/** The write was cut off by a cancel; `parameter` is what reading it back showed, when it holds
 * this run's ARN. */
export class ParameterCancelledError extends CancelledError {
  constructor(
    message: string,
    readonly parameter?: WrittenParameter
  ) {
    super('Writing the SSM parameter')
    this.message = message
    this.name = 'ParameterCancelledError'
  }
}

/** The number of the version of `version`'s layer that `value` names; undefined for any other
 * value (another layer, another region, not an ARN). Never throws. */
export function versionNamed(value: string | undefined, version: Pick<LayerVersion, 'layerArn'>): number | undefined {
  const prefix = `${version.layerArn}:`
  if (!value?.startsWith(prefix) || !/^\d+$/.test(value.slice(prefix.length))) return undefined
  return Number(value.slice(prefix.length))
}

/** `value` names a newer version of `version`'s layer. */
function isNewer(value: string | undefined, version: LayerVersion): value is string {
  return (versionNamed(value, version) ?? 0) > version.version
}

/**
 * Makes the String parameter `name` in the version's region hold `version`'s ARN, unless it
 * names a newer version of the same layer: reads it (GetParameter), writes (PutParameter with
 * Overwrite; no tags, which SSM refuses with Overwrite), and when another write landed between
 * the two and named a newer version, puts that one back. A write whose answer was lost or cut
 * (or that a cancel cut off) is settled by reading the parameter back. Returns what the
 * parameter holds. Throws ActionError naming the parameter, with a fix for the errors a user can
 * act on (SSM's throttling is retried by the SDK first); ParameterCancelledError on a cancel.
 */
export async function writeParameter(
  ssm: SSMClient,
  name: string,
  version: LayerVersion,
  options: ParameterOptions = {}
): Promise<WrittenParameter> {
  const call: Call = { ssm, name, version, ...options }
  const arn = version.layerVersionArn
  const current = await read(call, name)
  options.debug?.(`SSM parameter ${name}: ${describeHeld(current)}`)
  if (current && isNewer(current.value, version)) return { name, version: current.version, holds: current.value, outcome: 'newer' }
  if (current?.value === arn) return { name, version: current.version, holds: arn, outcome: 'kept' }
  const written: WrittenParameter = { name, version: await put(call, arn), holds: arn, outcome: 'written', replaced: current?.value }
  // SSM counts each write: a gap means another write landed between the read and this one.
  if (written.version <= (current?.version ?? 0) + 1 || options.signal?.aborted) return written
  const before = await readBefore(call, written.version)
  if (!isNewer(before?.value, version)) return written
  options.debug?.(`SSM parameter ${name}: parameter version ${written.version - 1}, written just before this run's, named ${before.value}`)
  return { ...written, version: await put(call, before.value), holds: before.value, outcome: 'restored' }
}

/** "it holds <arn> (parameter version 3)" or "it does not exist", for messages. Never throws. */
function describeHeld(held: Held | undefined): string {
  return held ? `it holds ${held.value} (parameter version ${held.version})` : 'it does not exist'
}

/** The parameter's value at `selector` (its name, or name:version); undefined when there is none.
 * With a `signal`, throws CancelledError once it aborts; else ActionError naming the fix. */
async function read(call: Call, selector: string, signal = call.signal): Promise<Held | undefined> {
  try {
    const answer = await call.ssm.send(new GetParameterCommand({ Name: selector }), { abortSignal: signal })
    const p = answer.Parameter
    return p?.Value === undefined ? undefined : { value: p.Value, version: p.Version ?? 0 }
  } catch (err) {
    const name = (err as Error).name
    if (name === 'ParameterNotFound' || name === 'ParameterVersionNotFound') return undefined
    if (call.signal?.aborted && signal === call.signal) throw new CancelledError(`Reading the SSM parameter ${call.name}`)
    const fix = name === 'AccessDeniedException' ? `Allow the role ssm:GetParameter on ${arnOf(call)}` : undefined
    throw new ActionError(`Reading the SSM parameter ${selector} failed: ${describeAnswerError(err)}`, fix, { cause: err })
  }
}

/** The value the write before parameter version `written` left; undefined when it cannot be read
 * (SSM keeps 100 versions), which leaves this run's write as it is. Throws CancelledError only. */
async function readBefore(call: Call, written: number): Promise<Held | undefined> {
  try {
    return await read(call, `${call.name}:${written - 1}`)
  } catch (err) {
    if (err instanceof CancelledError) throw err
    call.log?.(`Could not read the write before this run's, to check for an overlapping run: ${describeError(err)}`)
    return undefined
  }
}

/** What to change for an error PutParameter answers (SSM API reference, PutParameter errors). */
const FIXES: Record<string, (name: string, arn: string) => string> = {
  AccessDeniedException: (_, arn) => `Allow the role ssm:PutParameter on ${arn}`,
  HierarchyTypeMismatchException: (name) =>
    `${name} exists with another type than String: delete it, or name another parameter in ssm-parameter`,
  ParameterMaxVersionLimitExceeded: (name) =>
    `${name} has 100 versions and the oldest carries a label, so SSM cannot drop it: move the label (ssm:UnlabelParameterVersion)`,
  ParameterLimitExceeded: () =>
    'The account has reached its number of parameters in this region: delete unused ones, or use the advanced tier',
  TooManyUpdates: () => 'Another writer updates the parameter at the same moment: re-run, and keep one workflow per parameter'
}

const RERUN = 'Re-run the workflow; if another workflow writes this parameter too, give both one concurrency group'

/** Writes `value`; returns the parameter's new version. A failure that may have been applied (a
 * 2xx answer cut short, a 5xx or dropped connection after the SDK's retries, a cancel while in
 * flight) is settled by reading the parameter back: holding `value`, it was written. Throws
 * ActionError (ParameterCancelledError on a cancel) otherwise. */
async function put(call: Call, value: string): Promise<number> {
  const what = `Writing ${value} to the SSM parameter ${call.name}`
  try {
    const command = new PutParameterCommand({ Name: call.name, Value: value, Type: 'String', Overwrite: true })
    return (await call.ssm.send(command, { abortSignal: call.signal })).Version ?? 0
  } catch (err) {
    const cancelled = call.signal?.aborted === true
    const kind = classifyFailure(err, cancelled)
    if (kind === 'applied' || kind === 'maybe-applied') return settle(call, value, what, err, cancelled)
    throw new ActionError(`${what} failed: ${describeAnswerError(err)}`, FIXES[(err as Error).name]?.(call.name, arnOf(call)), {
      cause: err
    })
  }
}

/** Reads the parameter back after a write that may have been applied: returns its version when it
 * holds `value` (and, unless cancelled, logs how the write was settled). Throws otherwise. */
async function settle(call: Call, value: string, what: string, err: unknown, cancelled: boolean): Promise<number> {
  const why = cancelled ? 'the run was cancelled while the write was in flight' : `${describeAnswerError(err)}`
  let held: Held | undefined
  try {
    held = await read(call, call.name, AbortSignal.timeout(READ_BACK_MS))
  } catch (readErr) {
    const text = `${what}: ${why}, and reading it back failed too (${describeError(readErr)}), so whether it holds ${value} is unknown`
    if (cancelled) throw new ParameterCancelledError(text)
    throw new ActionError(text, `Check it (aws ssm get-parameter --name ${call.name}), then re-run`, { cause: err })
  }
  const landed = held?.value === value
  if (cancelled) {
    const parameter = landed && held ? { name: call.name, version: held.version, holds: value, outcome: 'written' as const } : undefined
    throw new ParameterCancelledError(
      `${what}: ${why}; reading it back, ${describeHeld(held)}${landed ? ': the write landed' : ''}`,
      parameter
    )
  }
  if (!landed || !held) throw new ActionError(`${what} failed: ${why}; reading it back, ${describeHeld(held)}`, RERUN, { cause: err })
  call.log?.(`${what}: ${why}; reading it back, ${describeHeld(held)}, so the write landed`)
  return held.version
}

/** An SDK error in words: a 2xx answer cut short is said so, not as the SDK's parser text. */
function describeAnswerError(err: unknown): string {
  if (!isUnreadableSuccess(err)) return describeError(err)
  const status = (err as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode
  return `SSM answered HTTP ${status}, but the answer was cut short and could not be read`
}

/** The parameter's ARN in the version's region and account, for IAM fixes. */
function arnOf(call: Call): string {
  // arn:<partition>:lambda:<region>:<account>:layer:<name>
  const [, , , region = '', account = ''] = call.version.layerArn.split(':')
  return parameterArn(call.name, region, account)
}
