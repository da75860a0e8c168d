// The one type for a layer version, as every stage after publishing passes it around, read from
// any Lambda answer that describes one (PublishLayerVersion, GetLayerVersion). Stages that need
// less take a Pick of it.
import { ActionError } from '../errors.js'

/** A published layer version. */
export interface LayerVersion {
  /** arn:<partition>:lambda:<region>:<account>:layer:<name> */
  layerArn: string
  /** The layer ARN plus ':<version>'. */
  layerVersionArn: string
  version: number
  /** Base64 SHA-256 of the zip, as Lambda computed it ('' when the answer had none). */
  codeSha256: string
  /** Bytes of the zip, as Lambda counted them (0 when the answer had none). */
  codeSize: number
  /** The AWS Signer job that signed the zip, for a signed version (Lambda model, LayerVersionContentOutput). */
  signingJobArn?: string
  /** The signing profile version that signed it (same source). */
  signingProfileVersionArn?: string
}

/** The fields of a Lambda answer about one layer version (PublishLayerVersion, GetLayerVersion). */
export interface VersionAnswer {
  LayerArn?: string
  LayerVersionArn?: string
  Version?: number
  Content?: { CodeSha256?: string; CodeSize?: number; SigningJobArn?: string; SigningProfileVersionArn?: string }
}

/**
 * The layer version an answer of `operation` describes. Throws ActionError when the answer lacks
 * the layer ARN, the version ARN or the version number.
 */
export function toLayerVersion(answer: VersionAnswer, operation: string): LayerVersion {
  if (!answer.LayerArn || !answer.LayerVersionArn || answer.Version === undefined) {
    throw new ActionError(`${operation} answered without the layer version ARN`)
  }
  return {
    layerArn: answer.LayerArn,
    layerVersionArn: answer.LayerVersionArn,
    version: answer.Version,
    codeSha256: answer.Content?.CodeSha256 ?? '',
    codeSize: answer.Content?.CodeSize ?? 0,
    ...(answer.Content?.SigningJobArn && { signingJobArn: answer.Content.SigningJobArn }),
    ...(answer.Content?.SigningProfileVersionArn && { signingProfileVersionArn: answer.Content.SigningProfileVersionArn })
  }
}
