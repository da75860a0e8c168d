// The "latest version" pointer: the version ARN written to an SSM String parameter in the
// version's region, where CloudFormation ({{resolve:ssm:...}}), Terraform (aws_ssm_parameter)
// and the CLI read it. Written once the version is shared, so the pointer never names a version
// that consumers cannot use yet.
import { PutParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'
import type { LayerVersion } from '../aws/layer-version.js'
import { ActionError, describeError } from '../errors.js'
import { parameterArn } from '../inputs/ssm-parameter.js'

/** A parameter as written. */
export interface WrittenParameter {
  name: string
  /** The parameter's version after the write (SSM counts each write). */
  version: number
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

/**
 * Writes `version`'s ARN to the String parameter `name` in the version's region, replacing the
 * value (PutParameter with Overwrite; without it an existing name answers ParameterAlreadyExists).
 * No tags: SSM refuses Tags with Overwrite. Returns the parameter's new version. Throws
 * ActionError naming the parameter, with a fix for the errors a user can act on; SSM's throttling
 * (400 ThrottlingException) is retried by the SDK first.
 */
export async function writeParameter(ssm: SSMClient, name: string, version: LayerVersion, signal?: AbortSignal): Promise<WrittenParameter> {
  try {
    const answer = await ssm.send(
      new PutParameterCommand({ Name: name, Value: version.layerVersionArn, Type: 'String', Overwrite: true }),
      {
        abortSignal: signal
      }
    )
    return { name, version: answer.Version ?? 0 }
  } catch (err) {
    // arn:<partition>:lambda:<region>:<account>:layer:<name>
    const [, , , region = '', account = ''] = version.layerArn.split(':')
    const fix = FIXES[(err as Error).name]?.(name, parameterArn(name, region, account))
    throw new ActionError(`Writing ${version.layerVersionArn} to the SSM parameter ${name} failed: ${describeError(err)}`, fix, {
      cause: err
    })
  }
}
