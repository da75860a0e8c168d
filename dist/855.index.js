export const id = 855;
export const ids = [855];
export const modules = {

/***/ 833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M4: () => (/* binding */ publishWithRetry),
/* harmony export */   PG: () => (/* binding */ PublishCancelledError),
/* harmony export */   XE: () => (/* binding */ classifyFailure)
/* harmony export */ });
/* unused harmony export backoffMs */
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3609);
/* harmony import */ var _aws_answers_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7054);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
// PublishLayerVersion is not idempotent: a retry after a lost answer can mint a second version.
// So its retries are ours, and after every failure that may have been applied (the last one
// too, and a cancelled call) the run looks for the version it made before doing anything else.




const MAX_BACKOFF_MS = 20_000;
/** A 2xx publish whose version the list does not show yet is looked up once more after this. */
const APPLIED_RECHECK_MS = 1000;
/** While waiting for a late landing after a cancel, the lookup runs this often. */
const LATE_LANDING_POLL_MS = 500;
/** How a failed attempt ended, by the SDK's own error classification (@smithy/core/retry:
 * isThrottlingError, isTransientError, isServerError), so throttling is throttling whether Lambda
 * says 429 TooManyRequestsException or 400 ThrottlingException (Lambda API reference, Common
 * Errors). `cutOff`: the call was aborted by a cancel while in flight. Never throws. */
function classifyFailure(err, cutOff = false) {
    if ((0,_aws_answers_js__WEBPACK_IMPORTED_MODULE_1__/* .isUnreadableSuccess */ .l8)(err))
        return 'applied';
    if (cutOff)
        return 'maybe-applied';
    if (typeof err !== 'object' || err === null)
        return 'final';
    const e = err;
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__.isThrottlingError)(e))
        return 'throttled';
    if ((0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__.isTransientError)(e) || (0,_smithy_core_retry__WEBPACK_IMPORTED_MODULE_3__.isServerError)(e))
        return 'maybe-applied';
    return 'final';
}
/** Milliseconds to wait before attempt `attempt` + 1: Retry-After when the service gave one, else
 * exponential from 500 ms; at most MAX_BACKOFF_MS. Never throws. */
function backoffMs(attempt, err) {
    const retryAfter = Number(err?.retryAfterSeconds);
    if (Number.isFinite(retryAfter) && retryAfter > 0)
        return Math.min(retryAfter * 1000, MAX_BACKOFF_MS);
    return Math.min(500 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
}
/** The publish was cut off by a cancel; `version` is what it made, if the lookup found it. */
class PublishCancelledError extends _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .CancelledError */ .cc {
    version;
    constructor(version) {
        super(version ? `Publishing (version ${version.version} had been created)` : 'Publishing');
        this.version = version;
    }
}
/**
 * Calls `send` until it succeeds or retry.maxAttempts are spent. After every failure that may have
 * been applied, asks `landed` for the versions newer than the baseline with this CodeSha256 and
 * adopts the one it finds instead of publishing again. Returns the version. Throws the last
 * SDK error as is when nothing was applied; LeftBehindError when a version may exist that cannot
 * be settled; PublishCancelledError (carrying a version that landed) when the run is cancelled.
 */
async function publishWithRetry(send, landed, retry) {
    const sleep = retry.sleep ?? ((ms, signal) => (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(ms, undefined, { signal }));
    for (let attempt = 1;; attempt++) {
        if (retry.signal?.aborted)
            throw new PublishCancelledError();
        try {
            return await send();
        }
        catch (err) {
            const cutOff = retry.signal?.aborted ?? false;
            const kind = classifyFailure(err, cutOff);
            const last = kind === 'final' || attempt >= retry.maxAttempts;
            const mayExist = kind === 'applied' || kind === 'maybe-applied';
            // In the order things happen: the failure, then the lookup, then what the run does next.
            const next = mayExist ? 'looking for a version it may have created' : last ? 'no attempts left' : 'retrying';
            if (kind !== 'final' && !cutOff)
                retry.log?.(`PublishLayerVersion attempt ${attempt} failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(err, { brief: true })}); ${next}`);
            const adopted = mayExist ? await settle(landed, kind, err, retry) : undefined;
            if (cutOff && !adopted && kind === 'maybe-applied')
                throw await lateLanding(landed, retry);
            if (retry.signal?.aborted)
                throw new PublishCancelledError(adopted);
            if (adopted) {
                retry.log?.(`The failed attempt had created version ${adopted.version} (newer than version ${retry.baseline}, with this CodeSha256); using it instead of publishing again`);
                return adopted;
            }
            if (kind === 'maybe-applied')
                retry.log?.(`PublishLayerVersion failed and no version with this content appeared since version ${retry.baseline}${last ? '' : '; retrying'}`);
            if (last)
                throw err;
            await sleep(backoffMs(attempt, err), retry.signal).catch(() => undefined);
        }
    }
}
/** The one version the failed attempt made, or undefined when none is there (a 'maybe' that was
 * not applied). Throws LeftBehindError when the lookup fails, finds several, or finds none after a
 * 2xx (which proves one exists). */
async function settle(landed, kind, err, retry) {
    let found;
    try {
        found = await landed();
        if (found.length === 0 && kind === 'applied')
            found = await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(APPLIED_RECHECK_MS).then(landed);
    }
    catch (lookupErr) {
        throw unsettled(`and looking for the version it may have made failed too (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(lookupErr)})`, [], err, retry);
    }
    if (found.length === 1)
        return found[0];
    if (found.length > 1) {
        const arns = found.map((v) => v.layerVersionArn);
        throw unsettled(`and ${arns.length} versions with this content appeared since version ${retry.baseline}`, arns, err, retry);
    }
    if (kind === 'applied')
        throw unsettled('with a 2xx, yet no new version with this content can be found', [], err, retry);
    return undefined;
}
/**
 * After a cancel cut the publish off in flight and the first lookup found nothing: looks again
 * every LATE_LANDING_POLL_MS for retry.lateLandingMs. Returns (to throw) PublishCancelledError
 * carrying the version when it landed; LeftBehindError naming what to look for when nothing
 * landed in time, or several candidates did. Never throws.
 */
async function lateLanding(landed, retry) {
    const until = Date.now() + (retry.lateLandingMs ?? 0);
    let trouble = '';
    while (Date.now() < until) {
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_0__.setTimeout)(Math.min(LATE_LANDING_POLL_MS, until - Date.now()));
        const found = await landed().catch((err) => void (trouble = ` (the last lookup failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(err)})`));
        if (found?.length === 1)
            return new PublishCancelledError(found[0]);
        if (found && found.length > 1)
            return cancelledUnsettled(`${found.length} versions with this content appeared`, found, retry);
    }
    const waited = retry.lateLandingMs ? `within ${(retry.lateLandingMs / 1000).toFixed(0)} s` : 'at once';
    return cancelledUnsettled(`no version with this content appeared ${waited}${trouble}`, [], retry);
}
/** A cancel that cut the publish off, and what became of it cannot be settled. */
function cancelledUnsettled(what, found, retry) {
    const named = found.length > 0 ? found.map((v) => v.layerVersionArn) : [lateVersion(retry)];
    return new _aws_answers_js__WEBPACK_IMPORTED_MODULE_1__/* .LeftBehindError */ ._V(`Publishing: the run was cancelled while PublishLayerVersion was in flight, and ${what}; this run deletes none`, `Lambda may still apply a publish it had received: check the layer's versions newer than ${retry.baseline} and delete one with this zip's CodeSha256 by hand`, named);
}
/** What to look for when a publish may have landed unseen. */
function lateVersion(retry) {
    const sha = retry.codeSha256 ? `CodeSha256 ${retry.codeSha256}` : "this zip's CodeSha256";
    return `a version newer than ${retry.baseline} with ${sha}, if one appears`;
}
function unsettled(what, arns, err, retry) {
    const named = arns.length > 0 ? arns : [lateVersion(retry)];
    return new _aws_answers_js__WEBPACK_IMPORTED_MODULE_1__/* .LeftBehindError */ ._V(`PublishLayerVersion failed (${retry.signal?.aborted ? 'cut off by the cancel' : (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .describeError */ .Uc)(err)}) ${what}; this run cannot tell which version is its own, so it shares and deletes none of them`, `Check the layer's versions newer than ${retry.baseline}: share or delete them by hand, or re-run with skip-unchanged: true`, named, { cause: err });
}


/***/ }),

/***/ 1921:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   hl: () => (/* binding */ uploadToS3),
/* harmony export */   n2: () => (/* binding */ defaultS3Key),
/* harmony export */   s_: () => (/* binding */ bucketFix)
/* harmony export */ });
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8500);
/* harmony import */ var node_timers_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_timers_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var _aws_answers_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7054);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(3916);
/* harmony import */ var _inputs_rules_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(8190);
// The S3 route for zips above Lambda's inline limit: a streamed multipart upload to the
// user's bucket, under a key derived from the content so re-runs overwrite instead of pile up.





/** The default S3 key: stable for the same content, so re-runs overwrite instead of piling up.
 * Never throws. */
function defaultS3Key(layerName, contentDigest) {
    return `publish-lambda-layer/${(0,_inputs_rules_js__WEBPACK_IMPORTED_MODULE_4__/* .shortLayerName */ .F4)(layerName)}/${contentDigest.replace(/^sha256:/, '')}.zip`;
}
/** A CreateMultipartUpload still in flight when the run is cancelled gets this long to answer. */
const CREATE_WAIT_MS = 2000;
/**
 * Uploads the zip to s3://bucket/key, streamed in parts (4 at a time). Returns the object's
 * version id, if the bucket keeps versions. When the upload fails or `signal` aborts, aborts the
 * multipart upload itself (lib-storage's own abort would replace the upload's error with the
 * abort's). Throws ActionError, with the upload's own error as cause, when the upload fails;
 * CancelledError, saying that the multipart upload was aborted, when `signal` aborts first;
 * LeftBehindError, naming the open multipart upload, when the abort fails too.
 */
async function uploadToS3(s3, target) {
    const { Upload } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711), __webpack_require__.e(358)]).then(__webpack_require__.t.bind(__webpack_require__, 2358, 19));
    const { bucket, key, zipPath, signal } = target;
    const params = { Bucket: bucket, Key: key, Body: (0,node_fs__WEBPACK_IMPORTED_MODULE_0__.createReadStream)(zipPath) };
    const upload = new Upload({ client: s3, params, queueSize: 4, leavePartsOnError: true });
    const stop = () => void upload.abort();
    signal?.addEventListener('abort', stop, { once: true });
    try {
        const done = await upload.done();
        return { versionId: done.VersionId };
    }
    catch (err) {
        const where = `s3://${bucket}/${key}`;
        if (signal?.aborted) {
            const aborted = await abortUpload(s3, target, upload, CREATE_WAIT_MS);
            if (aborted.open)
                throw openUpload(`Uploading to ${where}: the run was cancelled`, target, aborted, err);
            throw aborted.text
                ? new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc(`Uploading to ${where}`, aborted.text)
                : new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .CancelledError */ .cc(`Uploading to ${where} (no multipart upload had been started)`);
        }
        const failed = new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .ActionError */ .lZ(`Uploading the layer zip to ${where} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(err)}`, await bucketFix(s3, err), {
            cause: err
        });
        const aborted = await abortUpload(s3, target, upload, 0);
        throw aborted.open ? openUpload(failed.message, target, aborted, err, failed.fix) : failed;
    }
    finally {
        signal?.removeEventListener('abort', stop);
    }
}
/** The upload (or cancel) failed and its multipart upload stays open: its parts are billed until
 * someone aborts it (or a lifecycle rule for incomplete multipart uploads does). */
function openUpload(what, target, aborted, cause, fix) {
    const { uploadId, why } = aborted.open;
    const { bucket, key } = target;
    const message = `${what}; aborting its multipart upload ${uploadId} failed too (${why})`;
    const abortFix = `Abort it by hand (aws s3api abort-multipart-upload --bucket ${bucket} --key ${key} --upload-id ${uploadId}), and give the role s3:AbortMultipartUpload`;
    const left = [`the open S3 multipart upload ${uploadId} to s3://${bucket}/${key}`];
    return new _aws_answers_js__WEBPACK_IMPORTED_MODULE_2__/* .LeftBehindError */ ._V(message, fix ? `${fix}. ${abortFix}` : abortFix, left, { cause });
}
/**
 * Aborts the upload's multipart upload ourselves, waiting up to `waitMs` for its id if it is
 * still being created: lib-storage's abort() rejects done() at once but sends
 * AbortMultipartUpload only after the parts in flight settle, which a cancelled run does not
 * wait for. An upload already gone (404 NoSuchUpload, S3 API reference) counts as aborted.
 * Clean-up: no abort signal. Returns what became of it; never throws.
 */
async function abortUpload(s3, target, upload, waitMs) {
    for (let waited = 0; !upload.uploadId && waited < waitMs; waited += 100)
        await (0,node_timers_promises__WEBPACK_IMPORTED_MODULE_1__.setTimeout)(100);
    const uploadId = upload.uploadId;
    if (!uploadId)
        return {};
    const aborted = { text: `aborted the multipart upload ${uploadId} to s3://${target.bucket}/${target.key}` };
    try {
        const { AbortMultipartUploadCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
        await s3.send(new AbortMultipartUploadCommand({ Bucket: target.bucket, Key: target.key, UploadId: uploadId }));
        return aborted;
    }
    catch (err) {
        if (err.name === 'NoSuchUpload')
            return aborted;
        return { open: { uploadId, why: (0,_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .describeError */ .Uc)(err) } };
    }
}
/** The fix for a write to a region's bucket that S3 refused. S3 answers a request for a bucket in
 * another region with 301 PermanentRedirect and the bucket's region in x-amz-bucket-region
 * (chilts/awssum-amazon-s3#3; the header the SDK's own region-redirect middleware reads).
 * Following it would not help: Lambda reads layer code only from a bucket in its own region.
 * Never throws. */
async function bucketFix(s3, err) {
    const headers = err.$response?.headers;
    const bucketRegion = headers?.['x-amz-bucket-region'];
    const region = await s3.config.region();
    if (bucketRegion && bucketRegion !== region) {
        return `The bucket is in ${bucketRegion}, not ${region}, and Lambda reads layer code only from a bucket in the region it publishes to: create a bucket in each region and name them with {region} in s3-bucket (e.g. my-layers-{region})`;
    }
    return 'Check that the bucket exists in the publishing region and that the role may s3:PutObject to it';
}


/***/ }),

/***/ 7855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  prepareSigning: () => (/* binding */ prepareSigning)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/checks.ts
var checks = __webpack_require__(7272);
// EXTERNAL MODULE: ./src/publish/s3.ts
var publish_s3 = __webpack_require__(1921);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/inputs/rules.ts
var rules = __webpack_require__(8190);
;// CONCATENATED MODULE: ./src/publish/sign.ts
// Code signing with AWS Signer, as the Lambda developer guide lays it out: the zip as a version of
// an S3 object in a versioned bucket, a signing job with a profile of the Lambda platform, and the
// signed zip the job writes to `{destination prefix}{jobId}` in the same region (Signer API
// reference, StartSigningJob: "Cross-Region signing isn't supported"). This module holds the
// Signer calls before and around the job; waiting is in signing-wait.ts, the signed object in
// signed-object.ts, and the order of it all in regions/signing.ts.



/** The only platform whose signatures Lambda checks (Lambda developer guide, code signing;
 * `aws signer list-signing-platforms`). */
const LAMBDA_SIGNING_PLATFORM = 'AWSLambda-SHA384-ECDSA';
/** The words for the profile in messages: its name, and its owner when it is another account's. */
function profileLabel(signing) {
    return `'${signing.profileName}'${signing.profileOwner ? ` of account ${signing.profileOwner}` : ''}`;
}
function profileFix(err, signing, region) {
    const name = err?.name;
    if (name === 'ResourceNotFoundException')
        return `Create it in ${region}, the first region, where the zip is signed (aws signer put-signing-profile --platform-id ${LAMBDA_SIGNING_PLATFORM} --profile-name ${signing.profileName}), or set signing-profile-owner to the account that owns it`;
    if (name === 'AccessDeniedException')
        return `The role needs signer:GetSigningProfile on the profile${signing.profileOwner ? ', and its owner must grant it to this account (AddProfilePermission)' : ''}`;
    return undefined;
}
/**
 * GetSigningProfile for the profile in `region`: returns it when it is Active and of the Lambda
 * platform. Throws ActionError when the call fails (not found, access denied), when the profile
 * is Canceled or Revoked (a canceled profile starts no job; a revoked one's signatures are
 * invalid: Signer developer guide, "Revoking signing profiles") or of another platform (Lambda
 * rejects it); CancelledError when `signal` aborts.
 */
async function checkSigningProfile(signer, signing, region, signal) {
    const { GetSigningProfileCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
    const label = profileLabel(signing);
    let answer;
    try {
        answer = await signer.send(new GetSigningProfileCommand({ profileName: signing.profileName, profileOwner: signing.profileOwner }), {
            abortSignal: signal
        });
    }
    catch (err) {
        if (signal?.aborted)
            throw new errors/* CancelledError */.cc('Reading the signing profile');
        throw new errors/* ActionError */.lZ(`Reading the signing profile ${label} in ${region} failed: ${(0,errors/* describeError */.Uc)(err)}`, profileFix(err, signing, region), {
            cause: err
        });
    }
    if (answer.platformId !== LAMBDA_SIGNING_PLATFORM) {
        throw new errors/* ActionError */.lZ(`The signing profile ${label} is for the platform ${answer.platformId ?? '(none)'}, and Lambda accepts only ${LAMBDA_SIGNING_PLATFORM} signatures`, `Use a profile created with --platform-id ${LAMBDA_SIGNING_PLATFORM}`);
    }
    if (answer.status !== 'Active') {
        const why = answer.statusReason ? ` (${answer.statusReason})` : '';
        throw new errors/* ActionError */.lZ(`The signing profile ${label} is ${answer.status ?? 'not Active'}${why}: it cannot sign, and nothing was uploaded or published`, 'Use an Active profile (aws signer put-signing-profile makes a new one), and list its new profile version ARN in the code signing configs that should accept it');
    }
    if (!answer.profileVersion || !answer.profileVersionArn)
        throw new errors/* ActionError */.lZ(`GetSigningProfile ${label} answered without the profile version`);
    return {
        name: signing.profileName,
        owner: signing.profileOwner,
        region,
        version: answer.profileVersion,
        versionArn: answer.profileVersionArn
    };
}
/** The destination prefix of a layer's signed zips; Signer names each `{prefix}{jobId}`. Never throws. */
function signedPrefix(layerName) {
    return `publish-lambda-layer/${(0,rules/* shortLayerName */.F4)(layerName)}/signed/`;
}
/**
 * The StartSigningJob client request token: a UUID-shaped digest of the zip, the profile version,
 * where it is read from and written to, and the run and its attempt. Signer returns the first
 * answer to every later call with the same token (model: clientRequestToken), so a start retried
 * in this run (after a lost answer, or by a re-run of the step in the same attempt) gets the same
 * job back, while a re-run attempt, another zip or another profile version signs anew. The UUID
 * shape is what the SDK itself sends when no token is given. Never throws.
 */
function clientRequestToken(parts) {
    const { profile } = parts;
    const fields = [parts.sha256, profile.owner ?? '', profile.name, profile.version, parts.bucket, parts.key, parts.prefix, parts.run];
    const hex = (0,external_node_crypto_.createHash)('sha256').update(JSON.stringify(fields)).digest('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
/**
 * StartSigningJob. Returns the job. Throws ActionError when Signer refuses (with the fix for a
 * missing permission) or answers without a job id; CancelledError when `signal` aborts, saying
 * the job may have started (Signer has no call to cancel one).
 */
async function startSigningJob(signer, request, signal) {
    const { StartSigningJobCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
    const { profile, source, destination, token } = request;
    let answer;
    try {
        answer = await signer.send(new StartSigningJobCommand({
            profileName: profile.name,
            profileOwner: profile.owner,
            source: { s3: { bucketName: source.bucket, key: source.key, version: source.versionId } },
            destination: { s3: { bucketName: destination.bucket, prefix: destination.prefix } },
            clientRequestToken: token
        }), { abortSignal: signal });
    }
    catch (err) {
        if (signal?.aborted)
            throw new errors/* CancelledError */.cc(`Starting the signing job (a job may have started; AWS Signer cannot cancel it; client request token ${token})`);
        const fix = err.name === 'AccessDeniedException'
            ? `The role needs signer:StartSigningJob on the profile${profile.owner ? ' (granted by its owner with AddProfilePermission)' : ''}, and s3:GetObjectVersion and s3:PutObject on s3://${source.bucket}/`
            : undefined;
        throw new errors/* ActionError */.lZ(`AWS Signer refused to start the signing job: ${(0,errors/* describeError */.Uc)(err)}`, fix, { cause: err });
    }
    if (!answer.jobId)
        throw new errors/* ActionError */.lZ('StartSigningJob answered without a job id');
    const jobOwner = answer.jobOwner ?? '';
    return { jobId: answer.jobId, jobOwner, jobArn: signingJobArn(profile.region, jobOwner, answer.jobId) };
}
/** A signing job's ARN (recorded SigningJobArn values: `arn:aws:signer:us-east-1:731696908010:/signing-jobs/5b55...`). Never throws. */
function signingJobArn(region, account, jobId) {
    return `arn:${(0,rules/* partitionOfRegion */.cn)(region)}:signer:${region}:${account}:/signing-jobs/${jobId}`;
}
/** The region and job id of a signing job ARN, or undefined for anything else. Never throws. */
function parseSigningJobArn(arn) {
    const match = /^arn:[\w-]+:signer:([a-z0-9-]+):\d{12}:\/signing-jobs\/(.+)$/.exec(arn);
    return match ? { region: match[1], jobId: match[2] } : undefined;
}

;// CONCATENATED MODULE: ./src/publish/signed-object.ts
// The signed zip a signing job wrote: read once to learn its CodeSha256 and pin its version, then
// published from where it is (the signing region) or from a copy in each other region's bucket:
// a signature is valid in every region, and Lambda reads layer code only from a bucket in its own
// region. S3 copies across regions with a client in the destination's region (CopyObject docs).



const where = (o) => `s3://${o.bucket}/${o.key}`;
/**
 * GetObject of the signed zip's current version, hashed as it streams (nothing is kept on disk).
 * Returns it with its version id. Throws ActionError when it cannot be read; CancelledError when
 * `signal` aborts.
 */
async function readSignedObject(s3, bucket, key, signal) {
    const { GetObjectCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    try {
        const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
        const hash = (0,external_node_crypto_.createHash)('sha256');
        let size = 0;
        for await (const chunk of answer.Body) {
            hash.update(chunk);
            size += chunk.length;
        }
        return { bucket, key, versionId: answer.VersionId, sha256: hash.digest('base64'), size };
    }
    catch (err) {
        if (signal?.aborted)
            throw new errors/* CancelledError */.cc(`Reading the signed zip ${where({ bucket, key })}`);
        throw new errors/* ActionError */.lZ(`Reading the signed zip ${where({ bucket, key })} failed: ${(0,errors/* describeError */.Uc)(err)}`, 'The role needs s3:GetObject and s3:GetObjectVersion on the signed prefix', { cause: err });
    }
}
/** `bucket/key?versionId=...`, URL-encoded, as CopyObject's x-amz-copy-source wants it. Never throws. */
function copySource(o) {
    const path = `${o.bucket}/${o.key}`.split('/').map(encodeURIComponent).join('/');
    return o.versionId ? `${path}?versionId=${encodeURIComponent(o.versionId)}` : path;
}
/**
 * Copies the signed zip (the version read) to the same key in `bucket`, through `s3`, a client in
 * that bucket's region. Returns the copy (its own version id, if that bucket keeps versions; the
 * same bytes). Throws ActionError when S3 refuses, naming the bucket's region when it is elsewhere;
 * CancelledError when `signal` aborts (a copy may have landed: an object in the user's bucket).
 */
async function copySignedObject(s3, from, bucket, signal) {
    const { CopyObjectCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(711)]).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    const to = { ...from, bucket };
    try {
        const answer = await s3.send(new CopyObjectCommand({ Bucket: bucket, Key: from.key, CopySource: copySource(from) }), {
            abortSignal: signal
        });
        return { ...to, versionId: answer.VersionId };
    }
    catch (err) {
        if (signal?.aborted)
            throw new errors/* CancelledError */.cc(`Copying the signed zip to ${where(to)}`);
        throw new errors/* ActionError */.lZ(`Copying the signed zip ${where(from)} to ${where(to)} failed: ${(0,errors/* describeError */.Uc)(err)}`, await (0,publish_s3/* bucketFix */.s_)(s3, err), {
            cause: err
        });
    }
}
/** The Content of a PublishLayerVersion from `object`, pinned to its version when it has one. Never throws. */
function s3Content(object) {
    return { S3Bucket: object.bucket, S3Key: object.key, ...(object.versionId && { S3ObjectVersion: object.versionId }) };
}

// EXTERNAL MODULE: ./src/publish/retry.ts
var retry = __webpack_require__(833);
;// CONCATENATED MODULE: ./src/publish/signing-wait.ts


/** Seconds between polls: the waiter's defaults (20 s, then up to 120 s) suit a long job; a
 * Lambda signing job takes seconds, so the first poll comes at once and the next ones 2-10 s apart. */
const POLL_DELAYS = { minDelay: 2, maxDelay: 10 };
/** Logs each DescribeSigningJob of `jobId` and notes what it saw; aborts `stop` at an error that
 * polling again cannot cure (by the SDK's classification: not throttling, transient or a server
 * error; ResourceNotFoundException is the waiter's to judge). Returns the watch and its removal. */
function watchPolls(signer, jobId, options, stop) {
    const watch = {};
    const name = `publishLambdaLayerSigningJob-${jobId}`;
    const started = Date.now();
    signer.middlewareStack.add((next, context) => async (args) => {
        if (context.commandName !== 'DescribeSigningJobCommand')
            return next(args);
        try {
            const result = await next(args);
            watch.last = result.output;
            // Tenths: the waiter's last poll may come just before its time is up, a second after the one before.
            options.log(`Signing job ${jobId}: ${watch.last.status ?? 'no status'} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
            return result;
        }
        catch (err) {
            watch.lastError = err;
            if ((0,retry/* classifyFailure */.XE)(err) === 'final' && err.name !== 'ResourceNotFoundException') {
                watch.final = err;
                stop.abort();
            }
            throw err;
        }
    }, { step: 'initialize', name });
    return { watch, remove: () => void signer.middlewareStack.remove(name) };
}
/**
 * Waits for signing job `jobId` to succeed, polling DescribeSigningJob (POLL_DELAYS) for at most
 * options.timeoutSeconds. Returns the job's last description (status Succeeded). Throws
 * ActionError naming Signer's statusReason when the job failed, when it is not found, when it is
 * still running at the timeout, or when polling meets an error it cannot cure; CancelledError
 * when `options.signal` aborts. A job left running goes on: Signer has no call to cancel one.
 */
async function waitForSigningJob(signer, jobId, options) {
    const { waitUntilSuccessfulSigningJob } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
    const stop = new AbortController();
    const { watch, remove } = watchPolls(signer, jobId, options, stop);
    const abortSignal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
    options.log(`Waiting for signing job ${jobId} (at most ${options.timeoutSeconds} s)`);
    try {
        const result = await waitUntilSuccessfulSigningJob({ client: signer, maxWaitTime: options.timeoutSeconds, ...POLL_DELAYS, abortSignal }, { jobId });
        const done = result.reason ?? watch.last;
        if (!done)
            throw new errors/* ActionError */.lZ(`Signing job ${jobId} succeeded without a description of it`);
        return done;
    }
    catch (err) {
        throw waitFailure(err, jobId, watch, options);
    }
    finally {
        remove();
    }
}
function waitFailure(err, jobId, watch, options) {
    const goesOn = `it goes on in AWS Signer, which cannot cancel a job, and may still write ${options.destination}`;
    if (watch.final) {
        const denied = watch.final.name === 'AccessDeniedException';
        return new errors/* ActionError */.lZ(`Reading signing job ${jobId} failed: ${(0,errors/* describeError */.Uc)(watch.final)}; nothing was published (${goesOn})`, denied ? 'The role needs signer:DescribeSigningJob on arn:<partition>:signer:<region>:<account>:/signing-jobs/*' : undefined, { cause: watch.final });
    }
    if (options.signal?.aborted)
        return new errors/* CancelledError */.cc(`Waiting for signing job ${jobId} (${goesOn})`);
    if (err.name === 'TimeoutError') {
        return new errors/* ActionError */.lZ(`Signing job ${jobId} did not finish within ${options.timeoutSeconds} s (last status: ${watch.last?.status ?? 'unknown'}); nothing was published`, `Raise signing-timeout-seconds; ${goesOn}`);
    }
    if (watch.last?.status === 'Failed') {
        return new errors/* ActionError */.lZ(`Signing job ${jobId} failed: ${watch.last.statusReason ?? 'AWS Signer gave no reason'}; nothing was published`, 'AWS Signer fails a zip that is empty, malformed or already signed (AWS Signer developer guide, signing jobs for Lambda)');
    }
    const seen = watch.lastError ? (0,errors/* describeError */.Uc)(watch.lastError) : (0,errors/* describeError */.Uc)(err);
    return new errors/* ActionError */.lZ(`Signing job ${jobId} could not be followed: ${seen}; nothing was published`, undefined, { cause: err });
}

// EXTERNAL MODULE: ./src/aws/call-log.ts
var call_log = __webpack_require__(6506);
;// CONCATENATED MODULE: ./src/regions/signing.ts







/**
 * Checks the signing profile in the first region (GetSigningProfile) and returns the run's
 * signing. `run` tells this run's attempt apart (GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT). Throws
 * what checkSigningProfile throws: before anything is uploaded or published.
 */
async function prepareSigning(ctx, archive, run) {
    const region = ctx.settings.regions[0];
    const profile = await checkSigningProfile(await ctx.clients(region).signer(), ctx.settings.signing, region, ctx.signal);
    ctx.log(`Signing with ${profile.versionArn} (AWS Signer profile ${profile.name}, version ${profile.version}) in ${region}`);
    let signed;
    const started = (job) => void (signing.job = { jobArn: job.jobArn, profileVersionArn: profile.versionArn });
    const signedZip = () => (signed ??= signLogged(ctx, { profile, archive, run, started }));
    const checks = new Map();
    const signatureProblem = (jobArn) => {
        let check = checks.get(jobArn);
        if (!check)
            checks.set(jobArn, (check = describeSignature(ctx, jobArn)));
        return check;
    };
    const signing = {
        profile,
        vet: async (verdict) => {
            if (!verdict.same)
                return verdict;
            const problem = reuseProblem(verdict.version, profile) ?? (await signatureProblem(verdict.version.signingJobArn));
            if (!problem)
                return verdict;
            return { ...verdict, same: false, reason: `version ${verdict.version.version} holds the same content, but ${problem}` };
        },
        sourceIn: async (region, log) => {
            const { job, object } = await signedZip();
            const here = region === profile.region ? object : await copyTo(ctx, object, region, log);
            return {
                content: s3Content(here),
                sha256: object.sha256,
                size: object.size,
                jobArn: job.jobArn,
                profileVersionArn: profile.versionArn
            };
        }
    };
    return signing;
}
/** signOnce in the job's own log, its calls' debug lines there too; the log ends with the
 * signed zip or the failure. Returns and throws what signOnce does. */
async function signLogged(ctx, signing) {
    try {
        const signed = await (0,call_log/* logCallsTo */.N1)(ctx.job.debug, () => signOnce(ctx, signing));
        ctx.job.ended(`signed zip s3://${signed.object.bucket}/${signed.object.key}, CodeSha256 ${signed.object.sha256}`);
        return signed;
    }
    catch (err) {
        ctx.job.ended(`failed: ${(0,errors/* describeError */.Uc)(err)}`);
        throw err;
    }
}
/** Uploads the zip to the first region's bucket, signs that version and reads the signed zip,
 * logging to the job's log. */
async function signOnce(ctx, { profile, archive, run, started }) {
    const { settings, signal, job: log } = ctx;
    const clients = ctx.clients(profile.region);
    const s3 = await clients.s3();
    const bucket = (0,checks/* bucketIn */.CC)(settings.s3Bucket, profile.region);
    const key = settings.s3Key ? (0,checks/* bucketIn */.CC)(settings.s3Key, profile.region) : (0,publish_s3/* defaultS3Key */.n2)(settings.layerName, archive.contentDigest);
    log.stage('upload', `uploading the zip to s3://${bucket}/${key} for signing`);
    const { versionId } = await (0,publish_s3/* uploadToS3 */.hl)(s3, { bucket, key, zipPath: archive.path, signal }).catch((err) => {
        // Signing is shared by the regions: what the upload undid is told once, in the first region.
        if (err instanceof errors/* CancelledError */.cc && err.undone)
            ctx.progress?.(profile.region).undone.push(err.undone);
        throw err;
    });
    // No id: versioning never enabled; 'null': suspended (S3 writes the null version then).
    if (!versionId || versionId === 'null') {
        throw new errors/* ActionError */.lZ(`s3://${bucket} is not versioned: S3 gave the upload of ${key} ${versionId ? 'the null version id (versioning is suspended)' : 'no version id'}, and AWS Signer signs only a version of an object in a bucket with versioning enabled; nothing was signed or published`, `Enable versioning on the bucket (aws s3api put-bucket-versioning --bucket ${bucket} --versioning-configuration Status=Enabled)`);
    }
    const prefix = signedPrefix(settings.layerName);
    const token = clientRequestToken({ sha256: archive.sha256, profile, bucket, key, prefix, run });
    const timeoutSeconds = settings.signing.timeoutSeconds;
    log.stage('signing job', `signing s3://${bucket}/${key} with ${profile.name} and waiting for the job (at most ${timeoutSeconds} s)`);
    log.debug(`StartSigningJob for s3://${bucket}/${key} version ${versionId}, client request token ${token}`);
    const signer = await clients.signer();
    const job = await startSigningJob(signer, { profile, source: { bucket, key, versionId }, destination: { bucket, prefix }, token }, signal);
    started(job);
    log.log(`Signing s3://${bucket}/${key} (version ${versionId}): signing job ${job.jobArn}`);
    const destination = `s3://${bucket}/${prefix}${job.jobId}`;
    const done = await waitForSigningJob(signer, job.jobId, { timeoutSeconds, signal, log: log.log, destination });
    if (done.revocationRecord) {
        // A token replays its first job, which may have been revoked since.
        throw new errors/* ActionError */.lZ(`Signing job ${job.jobId}'s signature was revoked (${done.revocationRecord.reason ?? 'no reason given'}); nothing was published`, 'Re-run the workflow (a new attempt signs anew)');
    }
    const at = done.signedObject?.s3;
    if (!at?.bucketName || !at.key)
        throw new errors/* ActionError */.lZ(`Signing job ${job.jobId} succeeded without naming its signed object`);
    const object = await readSignedObject(s3, at.bucketName, at.key, signal);
    log.log(`Signed zip: s3://${object.bucket}/${object.key} (version ${object.versionId ?? 'none'}, ${object.size} bytes, CodeSha256 ${object.sha256})`);
    return { job, object };
}
/** The signed zip copied to `region`'s own bucket (s3-bucket with {region} filled in), logged
 * to `log`, the region's. */
async function copyTo(ctx, object, region, log) {
    const bucket = (0,checks/* bucketIn */.CC)(ctx.settings.s3Bucket, region);
    const copy = await copySignedObject(await ctx.clients(region).s3(), object, bucket, ctx.signal);
    log(`Copied the signed zip to s3://${copy.bucket}/${copy.key}`);
    return copy;
}
/** Why a version with the same content is not the one this run would publish: unsigned, or
 * signed by another profile version (a consumer's code signing config lists profile versions).
 * Undefined when its signer is this profile version. Never throws. */
function reuseProblem(version, profile) {
    if (!version.signingProfileVersionArn)
        return 'it is not signed';
    if (version.signingProfileVersionArn !== profile.versionArn)
        return `it is signed by ${version.signingProfileVersionArn}, not by ${profile.versionArn}, the profile version this run signs with`;
    if (!version.signingJobArn)
        return 'Lambda names no signing job for it, so its signature cannot be checked';
    return undefined;
}
/** Whether the signature of the job `jobArn` made still holds: revoked or expired signatures fail
 * Lambda's checks (Lambda developer guide, "Signature validation"). Undefined when it holds; the
 * reason otherwise, also when the job cannot be read. Never throws. */
async function describeSignature(ctx, jobArn) {
    const parsed = parseSigningJobArn(jobArn);
    if (!parsed)
        return `its signing job ARN ${jobArn} cannot be read`;
    try {
        const { DescribeSigningJobCommand } = await Promise.all(/* import() */[__webpack_require__.e(861), __webpack_require__.e(935)]).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
        const signer = await ctx.clients(parsed.region).signer();
        const job = await signer.send(new DescribeSigningJobCommand({ jobId: parsed.jobId }), { abortSignal: ctx.signal });
        if (job.revocationRecord)
            return `its signature was revoked (${job.revocationRecord.reason ?? 'no reason given'})`;
        if (job.signatureExpiresAt && job.signatureExpiresAt.getTime() <= Date.now())
            return `its signature expired on ${job.signatureExpiresAt.toISOString()}`;
        return undefined;
    }
    catch (err) {
        return `its signing job could not be checked (${(0,errors/* describeError */.Uc)(err)})`;
    }
}


/***/ })

};
