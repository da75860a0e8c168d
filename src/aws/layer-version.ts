// A layer version as the stages pass it around, read from any Lambda answer that describes one
// (PublishLayerVersion, GetLayerVersion).
import { ActionError } from '../errors.js'

export interface PublishedVersion {
  layerArn: string
  layerVersionArn: string
  version: number
  codeSha256: string
  codeSize: number
}

export interface VersionAnswer {
  LayerArn?: string
  LayerVersionArn?: string
  Version?: number
  Content?: { CodeSha256?: string; CodeSize?: number }
}

export function toPublishedVersion(answer: VersionAnswer, operation: string): PublishedVersion {
  if (!answer.LayerArn || !answer.LayerVersionArn || answer.Version === undefined) {
    throw new ActionError(`${operation} answered without the layer version ARN`)
  }
  return {
    layerArn: answer.LayerArn,
    layerVersionArn: answer.LayerVersionArn,
    version: answer.Version,
    codeSha256: answer.Content?.CodeSha256 ?? '',
    codeSize: answer.Content?.CodeSize ?? 0
  }
}
