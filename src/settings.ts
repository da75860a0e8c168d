// The one typed settings object. Only inputs.ts reads raw inputs; every stage receives Settings.

/** Who may use a layer version. Organizations are sent as Principal '*' + OrganizationId. */
export type Principal =
  | { kind: 'account'; value: string } // 12-digit account id
  | { kind: 'root-arn'; value: string } // arn:<partition>:iam::<account>:root
  | { kind: 'everyone'; value: '*' }
  | { kind: 'organization'; value: string } // o-...

export interface Settings {
  /** Layer name, or layer ARN, as given. */
  layerName: string
  /** Absolute path of the base folder. */
  workingDirectory: string
  /** Files, folders and globs relative to workingDirectory (default ['.']). */
  paths: string[]
  /** Folder inside the archive, without leading or trailing '/'; '' for none. */
  prefix: string
  exclude: string[]
  /** Absolute path of an existing zip to publish instead of building one. */
  zipFile?: string
  description?: string
  licenseInfo?: string
  compatibleRuntimes: string[]
  compatibleArchitectures: string[]
  principals: Principal[]
  region: string
  roleToAssume?: string
  roleSessionName: string
  roleDurationSeconds: number
  audience: string
  endpointUrl?: string
  s3Bucket?: string
  s3Key?: string
  dryRun: boolean
}
