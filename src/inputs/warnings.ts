// Inputs that are valid but would do nothing or surprise in this run, said in a warning naming
// each: a run never ignores an input silently. Warnings, not refusals: one `with:` block is often
// shared by a publish and its cleanup (mode as an expression), and signing switched on and off
// with an expression leaves its other inputs set.
import type { Settings } from '../settings.js'
import { partitionOfRegion } from './rules.js'

/** Inputs that only shape a publish, with whether each was set: mode delete ignores them. */
function publishOnly(s: Settings): [string, boolean][] {
  return [
    ['skip-unchanged', s.skipUnchanged],
    ['align-versions', s.alignVersions],
    ['keep-versions', s.keepVersions > 0],
    ['update-functions', s.updateFunctions.length > 0],
    ['signing-profile-name', Boolean(s.signing)]
  ]
}

/** "'a'", "'a' and 'b'". */
function named(inputs: string[]): string {
  const quoted = inputs.map((i) => `'${i}'`)
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`
}

/**
 * The warnings for the inputs of `s`: an audience the aws-cn partition refuses; in mode delete,
 * the SSM parameter left as it is and every publish-only input set; signing-timeout-seconds
 * given (`given.signingTimeout`: not its default) without signing-profile-name. Never throws.
 */
export function inputWarnings(s: Settings, given: { signingTimeout: boolean }): string[] {
  const warnings: string[] = []
  // The China partition's STS accepts only its own audience ("Incorrect token audience").
  if (s.roleToAssume && partitionOfRegion(s.region) === 'aws-cn' && s.audience === 'sts.amazonaws.com') {
    warnings.push("Input 'audience': the aws-cn partition expects sts.amazonaws.com.cn")
  }
  if (s.mode === 'delete' && s.ssmParameter) {
    warnings.push(
      `Input 'ssm-parameter': mode delete leaves ${s.ssmParameter} as it is, naming a version that no longer exists; delete it with the AWS CLI (aws ssm delete-parameter) if nothing reads it`
    )
  }
  const unused =
    s.mode === 'delete'
      ? publishOnly(s)
          .filter(([, set]) => set)
          .map(([name]) => name)
      : []
  if (unused.length > 0) {
    const them = unused.length === 1 ? 'it does' : 'they do'
    warnings.push(
      `${unused.length === 1 ? 'Input' : 'Inputs'} ${named(unused)}: mode delete deletes every version of the layer, so ${them} nothing in this run`
    )
  }
  if (given.signingTimeout && !s.signing) {
    warnings.push(
      "Input 'signing-timeout-seconds': applies only with 'signing-profile-name', which is empty, so it does nothing in this run"
    )
  }
  return warnings
}
