// The ssm-parameter stage of a region: the version's ARN written to the parameter (never over a
// newer version's: lifecycle/parameter.ts), and checked again after pruning, with what the
// parameter holds noted in the region's progress, for a failed or cancelled run's report.
import type { SSMClient } from '@aws-sdk/client-ssm'
import type { LayerVersion } from '../aws/layer-version.js'
import { ParameterCancelledError, writeParameter, type WrittenParameter } from '../lifecycle/parameter.js'
import type { Settings } from '../settings.js'
import type { RegionProgress } from './fan-out.js'
import type { RegionLog } from './step-log.js'

/** What the stage needs of a region's context (region.ts RegionContext). */
export interface ParameterContext extends RegionLog {
  settings: Pick<Settings, 'ssmParameter'>
  clients: (region: string) => { ssm: () => Promise<SSMClient> }
  signal?: AbortSignal
  progress: (region: string) => Pick<RegionProgress, 'parameter'>
}

/** ssm-parameter (none: no stage): `version`'s ARN written to the parameter in its region,
 * unless the parameter names a newer version (lifecycle/parameter.ts). Returns the parameter as
 * it was left, also noted in the region's progress; throws what writeParameter throws. */
export async function parameterStage(ctx: ParameterContext, region: string, version: LayerVersion): Promise<WrittenParameter | undefined> {
  const name = ctx.settings.ssmParameter
  if (!name) return undefined
  ctx.stage('ssm-parameter', `writing version ${version.version}'s ARN to the SSM parameter ${name}`)
  const parameter = await settleParameter(ctx, region, version)
  const { holds } = parameter
  if (parameter.outcome === 'newer')
    ctx.warn(`${region}: the SSM parameter ${name} names ${holds}, newer than this run's version (another run published it); left as it is`)
  else if (parameter.outcome === 'restored')
    ctx.warn(
      `${region}: another run wrote ${holds} to the SSM parameter ${name} just before this run wrote ${version.layerVersionArn}; ${holds} is newer, so it was put back (parameter version ${parameter.version})`
    )
  else
    ctx.log(
      `SSM parameter ${name} ${parameter.outcome === 'kept' ? 'already holds' : 'now holds'} ${holds} (parameter version ${parameter.version})`
    )
  return parameter
}

/** After pruning deleted versions: the parameter must not name one of them (a run that overlapped
 * may have written it meanwhile); writeParameter again puts this run's ARN back unless a newer
 * one is there. Returns the parameter as left; throws what writeParameter throws. */
export async function parameterAfterPrune(
  ctx: ParameterContext,
  region: string,
  version: LayerVersion,
  deleted: string[]
): Promise<WrittenParameter> {
  ctx.debug(`Pruning deleted ${deleted.length} version(s): checking that the SSM parameter names none of them`)
  const parameter = await settleParameter(ctx, region, version)
  if (parameter.replaced && parameter.outcome !== 'kept')
    ctx.warn(
      `${region}: the SSM parameter ${parameter.name} named ${parameter.replaced}${deleted.includes(parameter.replaced) ? ', which pruning deleted' : ''} (another run wrote it meanwhile); it holds ${parameter.holds} again`
    )
  return parameter
}

/** writeParameter in `region`, its result (or what a cancel left) noted in the region's progress. */
async function settleParameter(ctx: ParameterContext, region: string, version: LayerVersion): Promise<WrittenParameter> {
  const progress = ctx.progress(region)
  const options = { signal: ctx.signal, log: ctx.log, debug: ctx.debug }
  const ssm = await ctx.clients(region).ssm()
  try {
    return (progress.parameter = await writeParameter(ssm, ctx.settings.ssmParameter as string, version, options))
  } catch (err) {
    if (err instanceof ParameterCancelledError && err.parameter) progress.parameter = err.parameter
    throw err
  }
}
