// The one typed settings object. Only inputs/read.ts reads raw inputs; every stage receives
// Settings (or a Pick of it).

/** Who may use a layer version. Organizations are sent as Principal '*' + OrganizationId. */
export type Principal =
  | { kind: 'account'; value: string } // 12-digit account id
  | { kind: 'root-arn'; value: string } // arn:<partition>:iam::<account>:root
  | { kind: 'everyone'; value: '*' }
  | { kind: 'organization'; value: string } // o-...

/** Every input, checked and typed; sizes in bytes, durations in seconds. */
export interface Settings {
  /** Layer name, or layer ARN, as given; an ARN's region equals `region` (rules.parseLayerArn splits it). */
  layerName: string
  /** Absolute path of the base folder. */
  workingDirectory: string
  /** Files, folders and globs relative to workingDirectory (default ['.']); never absolute, no '..'. */
  paths: string[]
  /** Folder inside the archive, without leading or trailing '/'; '' for none. */
  prefix: string
  /** Globs to leave out, same rules as paths. */
  exclude: string[]
  /** Absolute path of an existing zip to publish instead of building one; may be outside the workspace (RUNNER_TEMP). */
  zipFile?: string
  description?: string
  licenseInfo?: string
  /** Lambda Runtime enum values, deduplicated, at most 15. */
  compatibleRuntimes: string[]
  /** x86_64 and/or arm64, deduplicated. */
  compatibleArchitectures: string[]
  /** Deduplicated, at most 50, root ARNs in the partition of `region`. */
  principals: Principal[]
  /** aws-region, else AWS_REGION, else AWS_DEFAULT_REGION. */
  region: string
  roleToAssume?: string
  roleSessionName: string
  roleDurationSeconds: number
  audience: string
  endpointUrl?: string
  s3Bucket?: string
  s3Key?: string
  dryRun: boolean
  /** Regions to publish in, deduplicated; regions[0] is the one single-valued outputs describe. */
  regions: string[]
  /** Reuse the newest version when it holds the same content and metadata. */
  skipUnchanged: boolean
  /** With several regions, give the new version the same number in every region (filler
   * versions, published and deleted at once, bring lagging regions up). */
  alignVersions: boolean
  /** SSM String parameter that each region's version ARN is written to, in that region; checked
   * by SSM's name rules (inputs/ssm-parameter.ts). */
  ssmParameter?: string
  /** After publishing, keep only the newest N versions; 0 keeps all. */
  keepVersions: number
  /** 'delete' removes every version of the layer (PR-close cleanup) instead of publishing. */
  mode: 'publish' | 'delete'
  /** Function names (in regions[0]) or ARNs (in their own region) to move to the new version. */
  updateFunctions: string[]
  commentOnPr: boolean
  githubToken?: string
  /** Attempts per AWS request, first included (the SDK's standard retry strategy). */
  maxAttempts: number
  /** A request whose socket stays idle this long fails instead of hanging the job. */
  requestTimeoutSeconds: number
  /** Sign the zip with AWS Signer before publishing (signing-profile-name set; s3-bucket then is too). */
  signing?: SigningSettings
}

/** Code signing with an AWS Signer profile of the Lambda platform, in the first region. */
export interface SigningSettings {
  /** Signer profile name (model: 2-64 of letters, digits and '_'). */
  profileName: string
  /** 12-digit account that owns the profile, when it is another account's (cross-account signing). */
  profileOwner?: string
  /** How long the run waits for the signing job, in seconds. */
  timeoutSeconds: number
}
