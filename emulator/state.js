// @ts-check
// The emulator's in-memory store. Tests may read and mutate it directly; reset() clears it in
// place so references held by tests stay valid.

/**
 * @typedef {object} LayerPolicyStatement
 * @property {string} Sid
 * @property {'Allow'} Effect
 * @property {string | { AWS: string }} Principal
 * @property {string} Action
 * @property {string} Resource
 * @property {{ StringEquals: Record<string, string> }} [Condition]
 */

/**
 * One published layer version: the API fields plus what the emulator needs to serve it.
 * @typedef {object} LayerVersion
 * @property {string} LayerName
 * @property {string} LayerArn
 * @property {string} LayerVersionArn
 * @property {number} Version
 * @property {string} Description
 * @property {string} [LicenseInfo]
 * @property {string[]} CompatibleRuntimes
 * @property {string[]} CompatibleArchitectures
 * @property {string} CreatedDate
 * @property {string} CodeSha256 base64 SHA-256 of the zip bytes
 * @property {number} CodeSize
 * @property {number} UnzippedSize sum of the central directory's uncompressed sizes
 * @property {Buffer} zip
 * @property {string} [SigningProfileVersionArn] of a zip signed by Signer
 * @property {string} [SigningJobArn]
 * @property {string} contentToken the "signature" Content.Location must carry
 * @property {{ RevisionId: string, Statement: LayerPolicyStatement[] } | undefined} policy
 */

/**
 * @typedef {object} Layer
 * @property {string} name
 * @property {number} latestVersion highest version ever published (never reused after deletes)
 * @property {Map<number, LayerVersion>} versions
 */

/**
 * A seeded function: `config` is what GetFunctionConfiguration returns; the other fields steer
 * how updates finish.
 * @typedef {object} FunctionRecord
 * @property {Record<string, any>} config
 * @property {number} pollsUntilDone GetFunctionConfiguration calls until an update finishes (>=1)
 * @property {{ reason: string, reasonCode: string } | undefined} failUpdates when set, updates end Failed
 * @property {number} unzippedSize the function's own unzipped code size (counts toward 250 MB)
 * @property {{ remaining: number, previous: Record<string, any> } | undefined} pending update in progress
 */

/**
 * @typedef {object} S3Object
 * @property {Buffer} body
 * @property {string} etag quoted, as S3 sends it
 * @property {string} contentType
 * @property {Date} lastModified
 * @property {Record<string, string>} metadata x-amz-meta-* headers
 * @property {string} [versionId] set once the bucket has a versioning state ('null' when suspended)
 */

/**
 * A version in a versioned bucket's history: an object, or a delete marker.
 * @typedef {(S3Object & { deleteMarker?: false }) | { deleteMarker: true, versionId: string, lastModified: Date }} S3Version
 */

/**
 * @typedef {object} MultipartUpload
 * @property {string} key
 * @property {Date} initiated
 * @property {string | undefined} accessKeyId who started it (its Initiator)
 * @property {string} contentType
 * @property {Map<number, { body: Buffer, etag: string }>} parts
 */

/**
 * @typedef {object} Bucket
 * @property {string} name
 * @property {string} region
 * @property {Map<string, S3Object>} objects the current version of each key
 * @property {Map<string, MultipartUpload>} uploads
 * @property {'Enabled' | 'Suspended' | undefined} versioning undefined until PutBucketVersioning
 * @property {Map<string, S3Version[]>} versions each key's history, oldest first (versioned buckets)
 */

/**
 * @typedef {object} GithubComment
 * @property {string} owner
 * @property {string} repo
 * @property {number} issue_number
 * @property {number} id
 * @property {string} body
 * @property {string} created_at
 * @property {string} updated_at
 * @property {string} user_login author's login
 * @property {number} [user_id] author's id (default: github-actions[bot]'s for that login, else made up)
 * @property {'Bot' | 'User'} [user_type] default: Bot for logins ending in [bot]
 */

/**
 * @typedef {object} State
 * @property {Map<string, Map<string, Layer>>} layers region -> layer name -> layer
 * @property {Map<string, Map<string, FunctionRecord>>} functions region -> function name -> record
 * @property {Map<string, Bucket>} buckets bucket name -> bucket (one global namespace, as S3)
 * @property {GithubComment[]} comments
 * @property {{ commentId: number }} counters
 * @property {Map<string, Map<string, import('./ssm.js').SsmParameter>>} parameters region -> name -> parameter
 * @property {Map<string, Map<string, import('./signer-jobs.js').SigningProfile>>} signingProfiles region -> "owner/name" -> profile
 * @property {Map<string, Map<string, import('./signer-jobs.js').SigningJob>>} signingJobs region -> job id -> job
 */

/** @returns {State} */
export function createState() {
  return {
    layers: new Map(),
    functions: new Map(),
    buckets: new Map(),
    comments: [],
    counters: { commentId: 1000000 },
    parameters: new Map(),
    signingProfiles: new Map(),
    signingJobs: new Map()
  }
}

/** @param {State} state */
export function clearState(state) {
  state.layers.clear()
  state.functions.clear()
  state.buckets.clear()
  state.parameters.clear()
  state.signingProfiles.clear()
  state.signingJobs.clear()
  state.comments.length = 0
  state.counters.commentId = 1000000
}

/**
 * @template V
 * @param {Map<string, Map<string, V>>} map
 * @param {string} region
 * @returns {Map<string, V>}
 */
export function regionMap(map, region) {
  let inner = map.get(region)
  if (!inner) {
    inner = new Map()
    map.set(region, inner)
  }
  return inner
}
