// Update-functions stage: move each named function to the new layer version. Lambda replaces the
// whole Layers list, so the merge keeps the function's other layers and their order; updates are
// asynchronous, so each one is polled until Lambda says how it ended.
import { setTimeout as delay } from 'node:timers/promises'
import {
  GetFunctionConfigurationCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
  type LambdaClient
} from '@aws-sdk/client-lambda'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError } from '../errors.js'

/** One function's move to the new version. */
export interface FunctionUpdate {
  /** The function as the user gave it (name or ARN). */
  target: string
  functionArn: string
  region: string
  /** The version of this layer the function used before, if any. */
  previous?: string
  /** The function's Layers list after the update (unchanged when `changed` is false). */
  layers: string[]
  /** false when the function already used this exact version: no update was sent. */
  changed: boolean
}

/** Timing of the wait for updates to finish; tests shorten it. */
export interface UpdateOptions {
  /** Milliseconds between two reads of a function that is updating (default 5000, as the SDK's
   * function-updated waiter). */
  pollIntervalMs?: number
  /** Longest wait for one update to finish, in milliseconds (default 300000). */
  maxWaitMs?: number
  sleep?: (ms: number) => Promise<void>
  /** Aborts when the run is cancelled: no new call starts, waits end. */
  signal?: AbortSignal
  /** Told each wait for an update to finish and each conflict (core.debug). */
  debug?: (message: string) => void
}

type Timing = Required<Pick<UpdateOptions, 'pollIntervalMs' | 'maxWaitMs' | 'sleep'>> & Pick<UpdateOptions, 'signal' | 'debug'>

/** What a function update needs to know of the version. */
type LayerVersionTarget = Pick<LayerVersion, 'layerArn' | 'layerVersionArn'>

/** Lambda refuses a function with more layers than this (Lambda developer guide, "Lambda quotas"). */
export const MAX_LAYERS_PER_FUNCTION = 5
/** Tries per function when others update or change it meanwhile (409, 412). */
export const MAX_UPDATE_ATTEMPTS = 5

/** Some functions failed; `updates` holds the ones that succeeded, for the report. */
export class FunctionUpdateError extends ActionError {
  constructor(
    message: string,
    fix: string | undefined,
    readonly updates: FunctionUpdate[],
    cause: unknown
  ) {
    super(message, fix, { cause })
    this.name = 'FunctionUpdateError'
  }
}

/** The layer ARN of a layer version ARN (drops the `:N` suffix). Never throws. */
export function layerArnOf(versionArn: string): string {
  return versionArn.replace(/:\d+$/, '')
}

/**
 * The new Layers list: the entry of the same layer replaced in place, others kept in order;
 * appended when the function does not use the layer yet. Never throws.
 */
export function mergeLayers(current: string[], layerArn: string, newVersionArn: string): string[] {
  const index = current.findIndex((arn) => layerArnOf(arn) === layerArn)
  if (index === -1) return [...current, newVersionArn]
  return current.map((arn, i) => (i === index ? newVersionArn : arn))
}

/** Returns nothing; throws ActionError for a list above MAX_LAYERS_PER_FUNCTION, which Lambda would
 * refuse, naming the function and what it already has. */
export function checkLayerLimit(functionName: string, current: string[], merged: string[]): void {
  if (merged.length <= MAX_LAYERS_PER_FUNCTION) return
  throw new ActionError(
    `Function ${functionName} already has ${current.length} layers (${current.join(', ')}); ` +
      `adding ${merged[merged.length - 1]} would make ${merged.length}, and Lambda allows ` +
      `${MAX_LAYERS_PER_FUNCTION} per function`,
    'Remove a layer from the function (or combine two) before adding this one, or leave it out of update-functions'
  )
}

/**
 * Moves each target function to the version (all at once, each independent), waiting until
 * Lambda says how each update ended. Returns one FunctionUpdate per target. Throws
 * FunctionUpdateError (an ActionError holding the updates that succeeded) when any failed; each
 * failure names its function, SDK errors kept as causes.
 */
export async function updateFunctions(
  lambda: LambdaClient,
  targets: string[],
  version: LayerVersionTarget,
  options: UpdateOptions = {}
): Promise<FunctionUpdate[]> {
  const timing: Timing = {
    pollIntervalMs: options.pollIntervalMs ?? 5000,
    maxWaitMs: options.maxWaitMs ?? 300_000,
    sleep: options.sleep ?? ((ms) => delay(ms, undefined, { signal: options.signal })),
    signal: options.signal,
    debug: options.debug
  }
  // Functions are independent: one slow or failing update must not hold up the others.
  const outcomes = await Promise.allSettled(targets.map((t) => updateOne(lambda, t, version, timing)))
  const updates = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []))
  const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ target: targets[i], err: o.reason as unknown }] : []))
  if (failures.length === 0) return updates
  throw failureOf(failures, updates)
}

function failureOf(failures: { target: string; err: unknown }[], updates: FunctionUpdate[]): FunctionUpdateError {
  const done = updates.length ? ` Updated: ${updates.map((u) => u.target).join(', ')}.` : ''
  if (failures.length === 1) {
    const { err } = failures[0]
    const fix = err instanceof ActionError ? err.fix : undefined
    return new FunctionUpdateError(`${(err as Error).message}.${done}`, fix, updates, err)
  }
  const lines = failures.map((f) => describeError(f.err)).join('; ')
  return new FunctionUpdateError(`${failures.length} functions were not updated: ${lines}.${done}`, undefined, updates, failures[0].err)
}

async function updateOne(lambda: LambdaClient, target: string, version: LayerVersionTarget, timing: Timing): Promise<FunctionUpdate> {
  try {
    return await moveToVersion(lambda, target, version, timing)
  } catch (err) {
    throw naming(target, err)
  }
}

async function moveToVersion(lambda: LambdaClient, target: string, version: LayerVersionTarget, timing: Timing): Promise<FunctionUpdate> {
  for (let attempt = 1; ; attempt++) {
    const config = await readSettled(lambda, target, timing, false)
    const plan = planUpdate(target, config, version)
    if (!plan.changed) return plan
    let answer: FunctionConfiguration
    try {
      answer = await lambda.send(
        new UpdateFunctionConfigurationCommand({ FunctionName: target, Layers: plan.layers, RevisionId: config.RevisionId }),
        { abortSignal: timing.signal }
      )
    } catch (err) {
      const name = (err as Error).name
      if (name !== 'ResourceConflictException' && name !== 'PreconditionFailedException') throw err
      if (attempt >= MAX_UPDATE_ATTEMPTS) throw keptChanging(target, err)
      timing.debug?.(`${target}: ${name} on attempt ${attempt} of ${MAX_UPDATE_ATTEMPTS} (${WHY_AGAIN[name]}); reading it again`)
      // 409: another update is running; give it time before reading again. 412: someone changed
      // the function since our read; read again at once and merge into their list.
      if (name === 'ResourceConflictException') await timing.sleep(timing.pollIntervalMs)
      continue
    }
    const final = answer.LastUpdateStatus === 'InProgress' ? await readSettled(lambda, target, timing, true) : answer
    if (final.LastUpdateStatus === 'Failed') throw updateFailed(target, final)
    return plan
  }
}

/** What the update of one function will be. Throws ActionError when Lambda would refuse it: the
 * layer in another region than the function, or too many layers. */
export function planUpdate(target: string, config: FunctionConfiguration, version: LayerVersionTarget): FunctionUpdate {
  const functionArn = config.FunctionArn ?? target
  const region = functionArn.split(':')[3] ?? ''
  const current = (config.Layers ?? []).map((l) => l.Arn ?? '')
  const layers = mergeLayers(current, version.layerArn, version.layerVersionArn)
  const previous = current.find((arn) => layerArnOf(arn) === version.layerArn)
  const changed = layers.length !== current.length || layers.some((arn, i) => arn !== current[i])
  const update: FunctionUpdate = { target, functionArn, region, previous, layers, changed }
  if (!changed) return update
  const layerRegion = version.layerArn.split(':')[3]
  if (region && layerRegion && layerRegion !== region) {
    throw new ActionError(
      `Function ${target} is in ${region} but ${version.layerVersionArn} is in ${layerRegion}: a function can only use layers of its own region`,
      `Publish in ${region} too (regions input), or give the function in the region it is published`
    )
  }
  checkLayerLimit(target, current, layers)
  return update
}

/** Reads the configuration, waiting while an update (ours or another) is running. */
async function readSettled(lambda: LambdaClient, target: string, timing: Timing, sleepFirst: boolean): Promise<FunctionConfiguration> {
  let waited = 0
  if (sleepFirst) {
    await timing.sleep(timing.pollIntervalMs)
    waited += timing.pollIntervalMs
  }
  let config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: target }), { abortSignal: timing.signal })
  while (isBusy(config)) {
    if (waited >= timing.maxWaitMs) throw stillUpdating(target, config, timing.maxWaitMs)
    timing.debug?.(
      `${target} is still updating (State ${config.State}, LastUpdateStatus ${config.LastUpdateStatus}); reading again in ${timing.pollIntervalMs} ms`
    )
    await timing.sleep(timing.pollIntervalMs)
    waited += timing.pollIntervalMs
    config = await lambda.send(new GetFunctionConfigurationCommand({ FunctionName: target }), { abortSignal: timing.signal })
  }
  return config
}

/** Why an update is tried again, for the debug line. */
const WHY_AGAIN: Record<string, string> = {
  ResourceConflictException: 'another update is running',
  PreconditionFailedException: 'the function changed since it was read'
}

/** Lambda answers 409 to an update while either of these holds (Lambda developer guide, "Lambda
 * function states"; ResourceConflictException "An update is in progress"). */
function isBusy(config: FunctionConfiguration): boolean {
  return config.LastUpdateStatus === 'InProgress' || config.State === 'Pending'
}

function stillUpdating(target: string, config: FunctionConfiguration, maxWaitMs: number): ActionError {
  const status = config.State === 'Pending' ? 'State Pending' : 'LastUpdateStatus InProgress'
  return new ActionError(
    `Function ${target} was still updating after ${maxWaitMs / 1000} s (${status})`,
    'Check the function in the Lambda console (another deployment may be running) and re-run the job'
  )
}

function updateFailed(target: string, config: FunctionConfiguration): ActionError {
  const code = config.LastUpdateStatusReasonCode ? ` (${config.LastUpdateStatusReasonCode})` : ''
  return new ActionError(
    `Lambda could not update function ${target} to the new layer list: ${config.LastUpdateStatusReason ?? 'no reason given'}${code}`,
    'The function keeps its previous configuration; fix the cause above and re-run the job'
  )
}

function keptChanging(target: string, err: unknown): ActionError {
  return new ActionError(
    `Function ${target} kept changing while this step tried to update it (${MAX_UPDATE_ATTEMPTS} attempts; last answer ${describeError(err)})`,
    'Re-run the job when no other deployment is updating the function',
    { cause: err }
  )
}

const FIXES: Record<string, string> = {
  ResourceNotFoundException: 'Check update-functions: a name must be a function in the first region; give other functions by ARN',
  AccessDeniedException:
    'Allow the role lambda:GetFunctionConfiguration and lambda:UpdateFunctionConfiguration on the function, and lambda:GetLayerVersion on the layer',
  InvalidParameterValueException: 'Lambda refused the new layer list; see its message'
}

/** Every error names the function it is about. */
function naming(target: string, err: unknown): ActionError {
  if (err instanceof ActionError) return err
  const e = err instanceof Error ? err : new Error(String(err))
  return new ActionError(`Updating function ${target} failed: ${describeError(e)}`, FIXES[e.name], { cause: err })
}
