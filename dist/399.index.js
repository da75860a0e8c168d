export const id = 399;
export const ids = [399];
export const modules = {

/***/ 3825:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   d: () => (/* binding */ toLayerVersion)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
// The one type for a layer version, as every stage after publishing passes it around, read from
// any Lambda answer that describes one (PublishLayerVersion, GetLayerVersion). Stages that need
// less take a Pick of it.

/**
 * The layer version an answer of `operation` describes. Throws ActionError when the answer lacks
 * the layer ARN, the version ARN or the version number.
 */
function toLayerVersion(answer, operation) {
    if (!answer.LayerArn || !answer.LayerVersionArn || answer.Version === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ActionError */ .lZ(`${operation} answered without the layer version ARN`);
    }
    return {
        layerArn: answer.LayerArn,
        layerVersionArn: answer.LayerVersionArn,
        version: answer.Version,
        codeSha256: answer.Content?.CodeSha256 ?? '',
        codeSize: answer.Content?.CodeSize ?? 0,
        ...(answer.Content?.SigningJobArn && { signingJobArn: answer.Content.SigningJobArn }),
        ...(answer.Content?.SigningProfileVersionArn && { signingProfileVersionArn: answer.Content.SigningProfileVersionArn })
    };
}


/***/ }),

/***/ 9102:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Cv: () => (/* binding */ sameContentSince),
/* harmony export */   E7: () => (/* binding */ newestVersionNumber)
/* harmony export */ });
/* unused harmony export versionsSince */
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1696);
/* harmony import */ var _aws_answers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7054);
/* harmony import */ var _aws_layer_version_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3825);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3916);
// Which layer versions can be this run's. Two publishes of the same zip make two versions with
// the same CodeSha256, and nothing in the API says which run made which; only the order of
// version numbers does (they only go up and are never reused: Lambda API reference,
// PublishLayerVersion; lambda-layers.md). So before its first publish attempt a run notes the
// newest version number, its baseline: only a newer version can be its own.




/** ListLayerVersions pages while looking for versions newer than a baseline. */
const PAGE_SIZE = 50;
/** The newest live version number of the layer, 0 when it has none: the run's ownership
 * baseline. One ListLayerVersions, first page (Lambda lists newest first). Throws the SDK error
 * as is. */
async function newestVersionNumber(lambda, layerName, signal) {
    const list = await lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .ListLayerVersionsCommand */ .icq({ LayerName: layerName, MaxItems: 1 }), { abortSignal: signal });
    return list.LayerVersions?.[0]?.Version ?? 0;
}
/** Version numbers newer than `baseline`, newest first, read page by page until one is not. */
async function versionsSince(lambda, layerName, baseline) {
    const newer = [];
    let marker;
    do {
        const page = await lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .ListLayerVersionsCommand */ .icq({ LayerName: layerName, Marker: marker, MaxItems: PAGE_SIZE }));
        const numbers = (page.LayerVersions ?? []).map((v) => v.Version ?? 0);
        newer.push(...numbers.filter((n) => n > baseline));
        marker = numbers.some((n) => n <= baseline) ? undefined : page.NextMarker;
    } while (marker);
    return newer.sort((a, b) => b - a);
}
/**
 * The versions newer than `baseline` whose CodeSha256 is `sha256` (base64), newest first, leaving
 * out `except`: after a lost answer, the version the run may have made; after a publish, the
 * same content another run made meanwhile. Runs as clean-up too, so it takes no abort signal.
 * Throws the SDK error of List/GetLayerVersion(s) as is (a version deleted meanwhile is skipped).
 */
async function sameContentSince(lambda, layerName, sha256, baseline, except) {
    const found = [];
    for (const n of await versionsSince(lambda, layerName, baseline)) {
        if (n === except)
            continue;
        const answer = await lambda
            .send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .GetLayerVersionCommand */ .VK5({ LayerName: layerName, VersionNumber: n }))
            .catch((err) => ((0,_aws_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .isNotFound */ .c4)(err) ? undefined : Promise.reject((0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .asError */ .zR)(err))));
        if (answer?.Content?.CodeSha256 === sha256)
            found.push((0,_aws_layer_version_js__WEBPACK_IMPORTED_MODULE_1__/* .toLayerVersion */ .d)(answer, 'GetLayerVersion'));
    }
    return found;
}


/***/ }),

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

/***/ 6399:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  c8: () => (/* binding */ completeRegion),
  deleteInRegion: () => (/* binding */ deleteInRegion),
  m_: () => (/* binding */ prepareRegion),
  publishInRegion: () => (/* binding */ publishInRegion),
  Uo: () => (/* binding */ publishNew)
});

// UNUSED EXPORTS: functionsIn

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-lambda/dist-cjs/index.js
var dist_cjs = __webpack_require__(1696);
;// CONCATENATED MODULE: ./src/lifecycle/functions.ts
// Update-functions stage: move each named function to the new layer version. Lambda replaces the
// whole Layers list, so the merge keeps the function's other layers and their order; updates are
// asynchronous, so each one is polled until Lambda says how it ended.



/** Lambda refuses a function with more layers than this (Lambda developer guide, "Lambda quotas"). */
const MAX_LAYERS_PER_FUNCTION = 5;
/** Tries per function when others update or change it meanwhile (409, 412). */
const MAX_UPDATE_ATTEMPTS = 5;
/** Some functions failed; `updates` holds the ones that succeeded, for the report. */
class FunctionUpdateError extends errors/* ActionError */.lZ {
    updates;
    constructor(message, fix, updates, cause) {
        super(message, fix, { cause });
        this.updates = updates;
        this.name = 'FunctionUpdateError';
    }
}
/** The layer ARN of a layer version ARN (drops the `:N` suffix). Never throws. */
function layerArnOf(versionArn) {
    return versionArn.replace(/:\d+$/, '');
}
/**
 * The new Layers list: the entry of the same layer replaced in place, others kept in order;
 * appended when the function does not use the layer yet. Never throws.
 */
function mergeLayers(current, layerArn, newVersionArn) {
    const index = current.findIndex((arn) => layerArnOf(arn) === layerArn);
    if (index === -1)
        return [...current, newVersionArn];
    return current.map((arn, i) => (i === index ? newVersionArn : arn));
}
/** Returns nothing; throws ActionError for a list above MAX_LAYERS_PER_FUNCTION, which Lambda would
 * refuse, naming the function and what it already has. */
function checkLayerLimit(functionName, current, merged) {
    if (merged.length <= MAX_LAYERS_PER_FUNCTION)
        return;
    throw new errors/* ActionError */.lZ(`Function ${functionName} already has ${current.length} layers (${current.join(', ')}); ` +
        `adding ${merged[merged.length - 1]} would make ${merged.length}, and Lambda allows ` +
        `${MAX_LAYERS_PER_FUNCTION} per function`, 'Remove a layer from the function (or combine two) before adding this one, or leave it out of update-functions');
}
/**
 * Moves each target function to the version (all at once, each independent), waiting until
 * Lambda says how each update ended. Returns one FunctionUpdate per target. Throws
 * FunctionUpdateError (an ActionError holding the updates that succeeded) when any failed; each
 * failure names its function, SDK errors kept as causes.
 */
async function updateFunctions(lambda, targets, version, options = {}) {
    const timing = {
        pollIntervalMs: options.pollIntervalMs ?? 5000,
        maxWaitMs: options.maxWaitMs ?? 300_000,
        sleep: options.sleep ?? ((ms) => (0,promises_.setTimeout)(ms, undefined, { signal: options.signal })),
        signal: options.signal,
        debug: options.debug
    };
    // Functions are independent: one slow or failing update must not hold up the others.
    const outcomes = await Promise.allSettled(targets.map((t) => updateOne(lambda, t, version, timing)));
    const updates = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
    const failures = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ target: targets[i], err: o.reason }] : []));
    if (failures.length === 0)
        return updates;
    throw failureOf(failures, updates);
}
function failureOf(failures, updates) {
    const done = updates.length ? ` Updated: ${updates.map((u) => u.target).join(', ')}.` : '';
    if (failures.length === 1) {
        const { err } = failures[0];
        const fix = err instanceof errors/* ActionError */.lZ ? err.fix : undefined;
        return new FunctionUpdateError(`${err.message}.${done}`, fix, updates, err);
    }
    const lines = failures.map((f) => (0,errors/* describeError */.Uc)(f.err)).join('; ');
    return new FunctionUpdateError(`${failures.length} functions were not updated: ${lines}.${done}`, undefined, updates, failures[0].err);
}
async function updateOne(lambda, target, version, timing) {
    try {
        return await moveToVersion(lambda, target, version, timing);
    }
    catch (err) {
        throw naming(target, err);
    }
}
async function moveToVersion(lambda, target, version, timing) {
    for (let attempt = 1;; attempt++) {
        const config = await readSettled(lambda, target, timing, false);
        const plan = planUpdate(target, config, version);
        if (!plan.changed)
            return plan;
        let answer;
        try {
            answer = await lambda.send(new dist_cjs/* UpdateFunctionConfigurationCommand */.Zlw({ FunctionName: target, Layers: plan.layers, RevisionId: config.RevisionId }), { abortSignal: timing.signal });
        }
        catch (err) {
            const name = err.name;
            if (name !== 'ResourceConflictException' && name !== 'PreconditionFailedException')
                throw err;
            if (attempt >= MAX_UPDATE_ATTEMPTS)
                throw keptChanging(target, err);
            timing.debug?.(`${target}: ${name} on attempt ${attempt} of ${MAX_UPDATE_ATTEMPTS} (${WHY_AGAIN[name]}); reading it again`);
            // 409: another update is running; give it time before reading again. 412: someone changed
            // the function since our read; read again at once and merge into their list.
            if (name === 'ResourceConflictException')
                await timing.sleep(timing.pollIntervalMs);
            continue;
        }
        const final = answer.LastUpdateStatus === 'InProgress' ? await readSettled(lambda, target, timing, true) : answer;
        if (final.LastUpdateStatus === 'Failed')
            throw updateFailed(target, final);
        return plan;
    }
}
/** What the update of one function will be. Throws ActionError when Lambda would refuse it: the
 * layer in another region than the function, or too many layers. */
function planUpdate(target, config, version) {
    const functionArn = config.FunctionArn ?? target;
    const region = functionArn.split(':')[3] ?? '';
    const current = (config.Layers ?? []).map((l) => l.Arn ?? '');
    const layers = mergeLayers(current, version.layerArn, version.layerVersionArn);
    const previous = current.find((arn) => layerArnOf(arn) === version.layerArn);
    const changed = layers.length !== current.length || layers.some((arn, i) => arn !== current[i]);
    const update = { target, functionArn, region, previous, layers, changed };
    if (!changed)
        return update;
    const layerRegion = version.layerArn.split(':')[3];
    if (region && layerRegion && layerRegion !== region) {
        throw new errors/* ActionError */.lZ(`Function ${target} is in ${region} but ${version.layerVersionArn} is in ${layerRegion}: a function can only use layers of its own region`, `Publish in ${region} too (regions input), or give the function in the region it is published`);
    }
    checkLayerLimit(target, current, layers);
    return update;
}
/** Reads the configuration, waiting while an update (ours or another) is running. */
async function readSettled(lambda, target, timing, sleepFirst) {
    let waited = 0;
    if (sleepFirst) {
        await timing.sleep(timing.pollIntervalMs);
        waited += timing.pollIntervalMs;
    }
    let config = await lambda.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: target }), { abortSignal: timing.signal });
    while (isBusy(config)) {
        if (waited >= timing.maxWaitMs)
            throw stillUpdating(target, config, timing.maxWaitMs);
        timing.debug?.(`${target} is still updating (State ${config.State}, LastUpdateStatus ${config.LastUpdateStatus}); reading again in ${timing.pollIntervalMs} ms`);
        await timing.sleep(timing.pollIntervalMs);
        waited += timing.pollIntervalMs;
        config = await lambda.send(new dist_cjs/* GetFunctionConfigurationCommand */.qA6({ FunctionName: target }), { abortSignal: timing.signal });
    }
    return config;
}
/** Why an update is tried again, for the debug line. */
const WHY_AGAIN = {
    ResourceConflictException: 'another update is running',
    PreconditionFailedException: 'the function changed since it was read'
};
/** Lambda answers 409 to an update while either of these holds (Lambda developer guide, "Lambda
 * function states"; ResourceConflictException "An update is in progress"). */
function isBusy(config) {
    return config.LastUpdateStatus === 'InProgress' || config.State === 'Pending';
}
function stillUpdating(target, config, maxWaitMs) {
    const status = config.State === 'Pending' ? 'State Pending' : 'LastUpdateStatus InProgress';
    return new errors/* ActionError */.lZ(`Function ${target} was still updating after ${maxWaitMs / 1000} s (${status})`, 'Check the function in the Lambda console (another deployment may be running) and re-run the job');
}
function updateFailed(target, config) {
    const code = config.LastUpdateStatusReasonCode ? ` (${config.LastUpdateStatusReasonCode})` : '';
    return new errors/* ActionError */.lZ(`Lambda could not update function ${target} to the new layer list: ${config.LastUpdateStatusReason ?? 'no reason given'}${code}`, 'The function keeps its previous configuration; fix the cause above and re-run the job');
}
function keptChanging(target, err) {
    return new errors/* ActionError */.lZ(`Function ${target} kept changing while this step tried to update it (${MAX_UPDATE_ATTEMPTS} attempts; last answer ${(0,errors/* describeError */.Uc)(err)})`, 'Re-run the job when no other deployment is updating the function', { cause: err });
}
const FIXES = {
    ResourceNotFoundException: 'Check update-functions: a name must be a function in the first region; give other functions by ARN',
    AccessDeniedException: 'Allow the role lambda:GetFunctionConfiguration and lambda:UpdateFunctionConfiguration on the function, and lambda:GetLayerVersion on the layer',
    InvalidParameterValueException: 'Lambda refused the new layer list; see its message'
};
/** Every error names the function it is about. */
function naming(target, err) {
    if (err instanceof errors/* ActionError */.lZ)
        return err;
    const e = err instanceof Error ? err : new Error(String(err));
    return new errors/* ActionError */.lZ(`Updating function ${target} failed: ${(0,errors/* describeError */.Uc)(e)}`, FIXES[e.name], { cause: err });
}

// EXTERNAL MODULE: ./src/aws/answers.ts
var answers = __webpack_require__(7054);
// EXTERNAL MODULE: ./src/limiter.ts
var limiter = __webpack_require__(1555);
;// CONCATENATED MODULE: ./src/lifecycle/prune.ts
// Lifecycle stage: pruning old versions after a publish, and deleting every version of a
// layer (PR-close cleanup). Version lists are always read to the end, page by page. Every
// delete is settled, and after a failure or a cancel the list is read again (a delete that
// failed with a 5xx or was cut off may still have been applied), so the report says which went.




/** Deletes in flight at once; the pace itself is the clients' (aws/middleware.ts). */
const DELETE_CONCURRENCY = 4;
/** Every version of the layer, newest first, read page by page; [] for an unknown layer. Throws
 * the SDK error of ListLayerVersions as is. */
async function listAllVersions(lambda, layerName, signal) {
    const versions = [];
    let marker;
    do {
        const page = await lambda.send(new dist_cjs/* ListLayerVersionsCommand */.icq({ LayerName: layerName, Marker: marker, MaxItems: 50 }), {
            abortSignal: signal
        });
        versions.push(...(page.LayerVersions ?? []));
        marker = page.NextMarker;
    } while (marker);
    return versions.sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0));
}
/** Pruning spares a version created less than this long before the run's own version: another
 * run may have published it just before this run noted its baseline and still be sharing it or
 * moving functions to it (a function update alone may take 5 minutes, lifecycle/functions.ts). */
const SPARE_RECENT_MS = 15 * 60 * 1000;
/** Lambda's CreatedDate ("2018-11-27T15:10:45.123+0000") in milliseconds; undefined when absent
 * or unreadable. */
function createdAt(v) {
    const ms = v?.CreatedDate ? Date.parse(v.CreatedDate) : NaN;
    return Number.isNaN(ms) ? undefined : ms;
}
/** What pruning to the newest `keep` versions does (nothing when keep is 0), sparing what
 * PruneGuard says. Ages are measured against the run's own version's CreatedDate (else the
 * newest one listed): both stamped by Lambda's clock, so the runner's clock plays no part; a
 * version of unknown age is spared. Never throws. */
function pruneDecision(versions, keep, guard) {
    const newestFirst = [...versions].sort((a, b) => (b.Version ?? 0) - (a.Version ?? 0));
    const beyond = keep > 0 ? newestFirst.slice(keep) : [];
    const now = createdAt(newestFirst.find((v) => v.Version === guard.own)) ?? Math.max(...newestFirst.map((v) => createdAt(v) ?? -Infinity));
    const minutes = SPARE_RECENT_MS / 60_000;
    const why = (v) => {
        const n = v.Version ?? 0;
        if (n === guard.own)
            return { why: "this run's own" };
        if (n > guard.baseline)
            return { why: `newer than this run's baseline ${guard.baseline}: another run's` };
        if (!(now - (createdAt(v) ?? now) >= SPARE_RECENT_MS))
            return { why: `created less than ${minutes} minutes before this run's version, or at an unknown time`, recent: true };
        return undefined;
    };
    return {
        kept: newestFirst.slice(0, keep > 0 ? keep : undefined).map((v) => v.Version ?? 0),
        deleted: beyond.filter((v) => why(v) === undefined),
        spared: beyond.flatMap((v) => {
            const reason = why(v);
            return reason ? [{ version: v.Version ?? 0, ...reason }] : [];
        })
    };
}
/** The decision in one line for the debug log. Never throws. */
function describeDecision(listed, keep, d) {
    const spared = d.spared.map((s) => `${s.version} (${s.why})`).join(', ');
    const deleting = d.deleted.map((v) => v.Version).join(', ');
    return `${listed} version(s) listed; keeping the newest ${keep}: ${d.kept.join(', ') || 'none'}; deleting: ${deleting || 'none'}${spared ? `; sparing ${spared}` : ''}`;
}
/** Deletes all but the newest `keep` versions (none when keep is 0), sparing what `guard` names
 * and what is too recent; stops starting deletes once `signal` aborts; tells `debug` what it
 * chose and why. Returns what it deleted, and a note naming what it spared as recent; throws the
 * SDK error of the list, or DeleteVersionsError (deleteVersions). */
async function pruneVersions(lambda, layerName, keep, guard, signal, debug) {
    if (keep <= 0)
        return { deleted: [] };
    const versions = await listAllVersions(lambda, layerName, signal);
    const decision = pruneDecision(versions, keep, guard);
    debug?.(`Prune: ${describeDecision(versions.length, keep, decision)}`);
    const deleted = await deleteVersions(lambda, layerName, decision.deleted, signal);
    const recent = decision.spared.filter((s) => s.recent).map((s) => s.version);
    if (recent.length === 0)
        return { deleted };
    const note = `keep-versions spared ${versionList(recent)}: created less than ${SPARE_RECENT_MS / 60_000} minutes before this run's version (or at an unknown time), so another run may still be sharing it or moving functions to it; a later run prunes it.`;
    return { deleted, note };
}
/** mode: delete. Deletes every version; returns their ARNs ([] when there were none: the cleanup
 * may run twice). Stops starting deletes once `signal` aborts. Throws the SDK error of the list,
 * or DeleteVersionsError (deleteVersions). */
async function deleteAllVersions(lambda, layerName, signal) {
    return deleteVersions(lambda, layerName, await listAllVersions(lambda, layerName, signal), signal);
}
/** Some versions could not be deleted (or the run was cancelled first); `deleted` names, by ARN,
 * the ones that are gone, for the outputs and the job summary. */
class DeleteVersionsError extends errors/* ActionError */.lZ {
    deleted;
    constructor(message, fix, deleted, cause) {
        super(message, fix, { cause });
        this.deleted = deleted;
        this.name = 'DeleteVersionsError';
    }
}
/** "version 3" or "versions 1, 2, 4". Never throws. */
function versionList(numbers) {
    return `${numbers.length === 1 ? 'version' : 'versions'} ${numbers.join(', ')}`;
}
/**
 * Deletes `versions` of `layerName`, DELETE_CONCURRENCY at once, starting none once `signal`
 * aborts; a 404 counts as already gone (Lambda itself answers 204 for a missing version,
 * lambda-layers.md; some compatible endpoints answer 404). Returns the deleted ARNs, newest
 * first. Throws DeleteVersionsError when any delete failed or was not started: it names each
 * version that is still there (with its error) and carries those that are gone.
 */
async function deleteVersions(lambda, layerName, versions, signal) {
    const run = (0,limiter/* limiter */.T)(DELETE_CONCURRENCY);
    const outcomes = await Promise.allSettled(versions.map((v) => run(() => deleteOne(lambda, layerName, v.Version ?? 0, signal))));
    const arnOf = (v) => v.LayerVersionArn ?? `${layerName}:${v.Version}`;
    const failed = versions.flatMap((v, i) => (outcomes[i].status === 'rejected' ? [{ v, reason: outcomes[i].reason }] : []));
    if (failed.length === 0)
        return versions.map(arnOf);
    // The truth for the failed ones: a 5xx or a cut-off delete may have been applied.
    const live = await liveNumbers(lambda, layerName);
    const left = live ? failed.filter(({ v }) => live.has(v.Version ?? 0)) : failed;
    const deleted = versions.filter((v) => !left.some((f) => f.v === v)).map(arnOf);
    if (left.length === 0)
        return deleted;
    throw failure(layerName, signal?.aborted === true, left, deleted.length, deleted);
}
async function deleteOne(lambda, layerName, version, signal) {
    if (signal?.aborted)
        throw new errors/* CancelledError */.cc(`Deleting version ${version}`);
    try {
        await lambda.send(new dist_cjs/* DeleteLayerVersionCommand */.KnR({ LayerName: layerName, VersionNumber: version }), { abortSignal: signal });
    }
    catch (err) {
        if (!(0,answers/* isNotFound */.c4)(err))
            throw err;
    }
}
/** The numbers of the layer's live versions; undefined when the list cannot be read. Clean-up:
 * no abort signal. Never throws. */
async function liveNumbers(lambda, layerName) {
    return listAllVersions(lambda, layerName).then((versions) => new Set(versions.map((v) => v.Version ?? 0)), () => undefined);
}
function failure(layerName, cancelled, left, count, deleted) {
    const numbers = left.map(({ v }) => v.Version ?? 0);
    const gone = count > 0 ? `${versionList(deleted.map((arn) => Number(arn.slice(arn.lastIndexOf(':') + 1))))} deleted` : 'none deleted';
    if (cancelled) {
        const message = `Deleting versions of ${layerName} stopped: the run was cancelled; ${gone}, ${versionList(numbers)} not`;
        return new DeleteVersionsError(message, undefined, deleted, left[0].reason);
    }
    const why = left.map(({ v, reason }) => `version ${v.Version}: ${(0,errors/* describeError */.Uc)(reason)}`).join('; ');
    return new DeleteVersionsError(`Deleting ${versionList(numbers)} of ${layerName} failed (${why}); ${gone}`, 'Re-run to delete the versions left; if it keeps failing, check that the role may call lambda:DeleteLayerVersion', deleted, left[0].reason);
}

// EXTERNAL MODULE: ./src/inputs/checks.ts
var checks = __webpack_require__(7272);
;// CONCATENATED MODULE: ./src/publish/fields.ts
// Regions differ: a newly launched region has refused CompatibleArchitectures that every other
// region accepts, with 400 InvalidParameterValueException "CompatibleArchitectures are not
// supported in af-south-1. Please remove the CompatibleArchitectures value from your request and
// try again" (elastic/apm-aws-lambda#112; me-central-1, eu-south-2, eu-central-2 and
// ap-southeast-4 in aws-powertools/powertools-lambda-typescript#1400). The field is metadata only,
// so the version is published there without it.

/** The optional PublishLayerVersion fields a region may refuse, and the setting each comes from. */
const OPTIONAL_FIELDS = {
    CompatibleArchitectures: 'compatibleArchitectures',
    CompatibleRuntimes: 'compatibleRuntimes'
};
/** The optional field an InvalidParameterValueException (anywhere in `err`'s cause chain) says the
 * region does not support, else undefined. Never throws. */
function refusedField(err) {
    const refusal = (0,errors/* findCause */.lO)(err, (e) => e.name === 'InvalidParameterValueException');
    if (!refusal)
        return undefined;
    return Object.keys(OPTIONAL_FIELDS).find((field) => new RegExp(`\\b${field} (?:is|are) not supported\\b|\\bremove the ${field} value\\b`).test(refusal.message));
}
/**
 * Calls `publish` with `settings`; when the region refuses an optional field, calls `onDropped`
 * and publishes again without it (each field at most once: a refused request created nothing).
 * Returns what `publish` returns; throws its error when it is anything else.
 */
async function publishWithoutRefusedFields(settings, publish, onDropped) {
    let current = settings;
    for (;;) {
        try {
            return await publish(current);
        }
        catch (err) {
            const field = refusedField(err);
            const values = field ? current[OPTIONAL_FIELDS[field]] : [];
            if (!field || values.length === 0)
                throw err;
            onDropped(field, values, err);
            current = { ...current, [OPTIONAL_FIELDS[field]]: [] };
        }
    }
}

// EXTERNAL MODULE: ./src/publish/ownership.ts
var ownership = __webpack_require__(9102);
// EXTERNAL MODULE: external "node:fs/promises"
var external_node_fs_promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: ./src/publish/retry.ts
var publish_retry = __webpack_require__(833);
// EXTERNAL MODULE: ./src/aws/layer-version.ts
var layer_version = __webpack_require__(3825);
// EXTERNAL MODULE: ./src/publish/s3.ts
var s3 = __webpack_require__(1921);
;// CONCATENATED MODULE: ./src/publish/publish.ts
// Publish stage: one PublishLayerVersion, with the zip inline or through an S3 bucket.







/**
 * Publishes one layer version: the zip inline (main.ts has checked it is at most 50 MiB), or
 * uploaded to s3-bucket first. Returns the new version. Throws ActionError when the S3 upload
 * fails or the answer lacks the version, CancelledError when the run is cancelled, and what
 * publishWithRetry throws when `deps.retry` is given (else the SDK error as is).
 */
async function publishVersion(settings, archive, deps) {
    const content = await contentFor(settings, archive, deps);
    (0,errors/* throwIfCancelled */.dZ)(deps.signal, 'Publishing');
    const command = new dist_cjs/* PublishLayerVersionCommand */.cl_({
        LayerName: settings.layerName,
        Content: content,
        Description: settings.description || undefined,
        LicenseInfo: settings.licenseInfo || undefined,
        // Validated against the service model's list, which can be newer than the SDK's enum.
        CompatibleRuntimes: listOrUndefined(settings.compatibleRuntimes),
        CompatibleArchitectures: listOrUndefined(settings.compatibleArchitectures)
    });
    const retry = deps.retry;
    if (!retry)
        return (0,layer_version/* toLayerVersion */.d)(await deps.lambda.send(command), 'PublishLayerVersion');
    return (0,publish_retry/* publishWithRetry */.M4)(async () => (0,layer_version/* toLayerVersion */.d)(await retry.once.send(command, { abortSignal: retry.signal }), 'PublishLayerVersion'), () => (0,ownership/* sameContentSince */.Cv)(deps.lambda, settings.layerName, archive.sha256, retry.baseline), { ...retry, codeSha256: archive.sha256 });
}
async function contentFor(settings, archive, deps) {
    if (deps.content)
        return deps.content;
    if (!settings.s3Bucket)
        return { ZipFile: await (0,external_node_fs_promises_.readFile)(archive.path) };
    if (!deps.s3)
        throw new Error('publishVersion: s3-bucket is set but no S3 client was given');
    const key = settings.s3Key || (0,s3/* defaultS3Key */.n2)(settings.layerName, archive.contentDigest);
    await (0,s3/* uploadToS3 */.hl)(await deps.s3(), { bucket: settings.s3Bucket, key, zipPath: archive.path, signal: deps.signal });
    return { S3Bucket: settings.s3Bucket, S3Key: key };
}
function listOrUndefined(values) {
    return values.length > 0 ? values : undefined;
}

// EXTERNAL MODULE: ./src/plan/layout.ts
var layout = __webpack_require__(5293);
// EXTERNAL MODULE: ./src/plan/names.ts
var names = __webpack_require__(2471);
;// CONCATENATED MODULE: ./src/archive/inspect/compare.ts
// Whether two listings hold the same layer, and what changed between them: added, removed and
// changed entries by name, kind, mode, size and CRC-32. Compressed sizes, methods, offsets,
// timestamps and the archive comment are ignored: they depend on the writer (and a signature
// may live in the comment), not on what Lambda extracts.


const FIELDS = ['kind', 'mode', 'size', 'crc32'];
const byName = (a, b) => (0,names/* compareNames */.MP)(a.name, b.name);
/** The changes from `before` to `after`, matched by exact entry name. Never throws. */
function compareEntries(before, after) {
    const old = new Map(before.map((e) => [e.name, e]));
    const changes = { added: [], removed: [], changed: [], unchanged: 0, sizeDelta: 0, packagesAdded: [], packagesRemoved: [] };
    for (const entry of after) {
        const was = old.get(entry.name);
        old.delete(entry.name);
        if (!was) {
            changes.added.push(entry);
            continue;
        }
        const fields = FIELDS.filter((f) => was[f] !== entry[f]);
        if (fields.length > 0)
            changes.changed.push({ name: entry.name, before: was, after: entry, fields });
        else
            changes.unchanged++;
    }
    changes.removed = [...old.values()];
    const bytes = (list) => list.reduce((sum, e) => sum + (e.kind === 'directory' ? 0 : e.size), 0);
    changes.sizeDelta = bytes(after) - bytes(before);
    const folders = (list) => new Set(list.map((e) => (0,layout/* packageFolder */.n4)(e.name)));
    const [had, has] = [folders(before), folders(after)];
    changes.packagesAdded = [...has].filter((f) => !had.has(f)).sort();
    changes.packagesRemoved = [...had].filter((f) => !has.has(f)).sort();
    changes.added.sort(byName);
    changes.removed.sort(byName);
    changes.changed.sort(byName);
    return changes;
}
/** True when nothing was added, removed or changed. Never throws. */
function sameEntries(changes) {
    return changes.added.length + changes.removed.length + changes.changed.length === 0;
}
/** The changes in a few words for a log line: "2 added, 1 changed (first: python/x.py)". Never throws. */
function describeChanges(changes) {
    if (sameEntries(changes))
        return 'no entry differs';
    const parts = [
        [changes.added, 'added'],
        [changes.removed, 'removed'],
        [changes.changed, 'changed']
    ];
    const counts = parts.filter(([list]) => list.length > 0).map(([list, word]) => `${list.length} ${word}`);
    const first = [...changes.added, ...changes.removed, ...changes.changed].sort(byName)[0];
    return `${counts.join(', ')} (first: ${first.name})`;
}

// EXTERNAL MODULE: ./src/archive/inspect/listing.ts
var listing = __webpack_require__(4905);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/retry/index.js
var retry = __webpack_require__(3609);
// EXTERNAL MODULE: ./src/aws/call-log.ts
var call_log = __webpack_require__(6506);
;// CONCATENATED MODULE: ./src/publish/stored-zip.ts
// The zip of a stored layer version, read through its Content.Location: a presigned S3 URL that
// answers HTTP Range requests and stays valid about ten minutes (Lambda API reference,
// GetLayerVersion). Only the tail and the central directory cross the network, never the
// entries' data. Each request is bounded by request-timeout-seconds, goes through the step's
// proxy if one is set, and is retried like the SDK retries any read: its standard strategy and
// error classification, a few attempts.





/** Attempts per range request: transient failures are retried, a few times only, since a failed
 * comparison costs one extra version at worst, never a wrong reuse. */
const RANGE_ATTEMPTS = 3;
/** A failed range request, with what the SDK's classification reads (name, status, $retryable). */
class RangeReadError extends Error {
    $metadata;
    $retryable;
    attempts = 1;
    constructor(message, fields = {}) {
        super(message, { cause: fields.cause });
        this.name = fields.name ?? 'RangeReadError';
        if (fields.status !== undefined)
            this.$metadata = { httpStatusCode: fields.status };
        if (fields.transient)
            this.$retryable = {};
    }
}
function classify(err) {
    if ((0,retry.isThrottlingError)(err))
        return 'THROTTLING';
    if ((0,retry.isTransientError)(err))
        return 'TRANSIENT';
    return (err.$metadata?.httpStatusCode ?? 0) >= 500 ? 'SERVER_ERROR' : 'CLIENT_ERROR';
}
/** Why the request failed: its own timeout, or the network (reset, refused, closed). */
function networkError(err, timedOut, timeoutSeconds) {
    const cause = (0,errors/* asError */.zR)(err);
    if (timedOut)
        return new RangeReadError(`no complete answer within ${timeoutSeconds} s`, { name: 'TimeoutError', cause });
    const detail = cause.code && !cause.message.includes(cause.code) ? `${cause.message} (${cause.code})` : cause.message;
    return new RangeReadError(`the connection failed (${detail})`, { transient: true, cause });
}
/** The S3 error code in an XML error body ('SlowDown', 'AccessDenied'...), if any. */
function s3Code(body) {
    return /<Code>([^<]+)<\/Code>/.exec(body)?.[1];
}
/** One GET through the proxy agents every other request of the step uses (aws/proxy.ts). */
function get(url, range, agents, signal) {
    const secure = url.protocol === 'https:';
    const agent = secure ? agents?.httpsAgent : agents?.httpAgent;
    return new Promise((resolve, reject) => {
        ;
        (secure ? external_node_https_ : external_node_http_).get(url, { agent, headers: { Range: range }, signal }, resolve).on('error', reject);
    });
}
/** The answer's body; reading stops past `limit` bytes, more than was asked for (a server that
 * ignored Range would send the whole zip). */
async function bodyOf(response, limit) {
    const chunks = [];
    let length = 0;
    for await (const chunk of response) {
        length += chunk.length;
        if (length > limit) {
            response.destroy();
            throw new RangeReadError('the server ignored the Range request and sent the whole zip');
        }
        chunks.push(chunk);
    }
    return Buffer.concat(chunks);
}
function answerOf(status, contentRange, body) {
    if (status !== 206 && status !== 200) {
        const code = s3Code(body.toString('utf8'));
        throw new RangeReadError(`HTTP ${status}${code ? ` ${code}` : ''}`, { name: code ?? `HTTP${status}`, status });
    }
    const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(contentRange ?? '');
    const answer = { status, body };
    if (match)
        answer.range = { start: Number(match[1]), end: Number(match[2]), total: Number(match[3]) };
    if (status === 206 && !answer.range)
        throw new RangeReadError('a partial answer without a Content-Range');
    const expected = answer.range ? answer.range.end - answer.range.start + 1 : body.length;
    if (body.length !== expected)
        throw new RangeReadError(`the answer was cut short (${body.length} of ${expected} bytes)`, { transient: true });
    return answer;
}
/** One Range request for `length` bytes (`range`, the header's value). */
async function rangeGet(url, range, length, options) {
    const signal = AbortSignal.timeout(options.timeoutSeconds * 1000);
    let response;
    let body;
    try {
        response = await get(url, range, options.agents, signal);
        // An error answer's body is an S3 XML document of a few hundred bytes.
        body = await bodyOf(response, Math.max(length, 64 * 1024));
    }
    catch (err) {
        throw err instanceof RangeReadError ? err : networkError(err, signal.aborted, options.timeoutSeconds);
    }
    return answerOf(response.statusCode ?? 0, response.headers['content-range'], body);
}
/** The failure of one range request in words without the URL: the messages above are ours. */
function rangeFailure(err) {
    return err instanceof RangeReadError ? err.message : (0,call_log/* outcomeOf */.sG)(err);
}
/** Runs `attempt` under the SDK's standard retry strategy, logging each attempt as an S3 call
 * (aws/call-log.ts; `status` reads the last answer's HTTP status); throws the last failure, its
 * attempt count set. */
async function withRetries(what, attempt, options, status) {
    const strategy = new retry.StandardRetryStrategy(options.attempts ?? RANGE_ATTEMPTS);
    let token = await strategy.acquireInitialRetryToken('GetLayerContent');
    const facts = { service: 's3', operation: `GetObject (the stored zip's ${what})`, region: options.region };
    for (let n = 1;; n++) {
        try {
            const result = await (0,call_log/* timedCall */.O8)(options.debug, { ...facts, attempt: n }, attempt, { status, failure: rangeFailure });
            strategy.recordSuccess(token);
            return result;
        }
        catch (caught) {
            const err = caught;
            err.attempts = n;
            try {
                // Waits the backoff itself, or throws when the error is not retried or attempts are spent.
                token = await strategy.refreshRetryTokenForRetry(token, { errorType: classify(err) });
            }
            catch {
                throw err;
            }
        }
    }
}
/**
 * The stored zip at `url` (a version's Content.Location) as a ZipSource: `tail` is one suffix
 * Range request, `read` one Range request, each retried. Makes no request until used. Its reads
 * throw RangeReadError (with `attempts`) when every attempt failed or the answer was not retried
 * (403 for an expired URL, 404).
 */
function storedZipSource(url, options) {
    const target = new URL(url);
    let lastStatus;
    const fetchRange = async (range, length) => {
        lastStatus = undefined;
        const answer = await rangeGet(target, range, length, options);
        lastStatus = answer.status;
        return answer;
    };
    const status = () => lastStatus;
    return {
        tail: (length) => withRetries(`last ${length} bytes`, async () => {
            const { body, range } = await fetchRange(`bytes=-${length}`, length);
            if (!range)
                return { bytes: body.subarray(Math.max(0, body.length - length)), size: body.length };
            if (range.end !== range.total - 1)
                throw new RangeReadError('the answer is not the tail that was asked for');
            return { bytes: body, size: range.total };
        }, options, status),
        read: (offset, length) => withRetries(`${length} bytes at ${offset}`, async () => {
            const { body, range } = await fetchRange(`bytes=${offset}-${offset + length - 1}`, length);
            const start = range ? offset - range.start : offset;
            if (start < 0 || start + length > body.length)
                throw new RangeReadError('the answer is not the range that was asked for');
            return body.subarray(start, start + length);
        }, options, status)
    };
}

;// CONCATENATED MODULE: ./src/publish/previous.ts
// The newest version of a layer before this run publishes, and how the content about to be
// published compares with it. skip-unchanged decides by it, and the job summary's "what changed"
// shows it, also when skip-unchanged is off: one lookup (ListLayerVersions, GetLayerVersion) and
// at most one read of the stored zip's central directory per region. The same CodeSha256
// settles it without a download; otherwise the stored zip's central directory (Range requests
// on Content.Location) is compared entry by entry with ours.






const sameSet = (a, b = []) => a.length === b.length && a.every((x) => b.includes(x));
/** Each metadata field a version carries: its name, and whether the version's equals the inputs'. */
const METADATA = [
    ['compatible runtimes', (s, v) => sameSet(s.compatibleRuntimes, v.CompatibleRuntimes)],
    ['compatible architectures', (s, v) => sameSet(s.compatibleArchitectures, v.CompatibleArchitectures)],
    ['description', (s, v) => (s.description ?? '') === (v.Description ?? '')],
    ['license', (s, v) => (s.licenseInfo ?? '') === (v.LicenseInfo ?? '')]
];
/** The metadata fields in which version `v` differs from the settings, [] when none does.
 * Metadata is part of a version too: a new runtime list deserves a new version. Never throws. */
function metadataDifferences(s, v) {
    return METADATA.filter(([, same]) => !same(s, v)).map(([name]) => name);
}
/** The GetLayerVersion answer for the newest version of `layerName` (`options.newest` when the
 * caller listed it, else one ListLayerVersions), or undefined when the layer has no version.
 * Throws the SDK error of ListLayerVersions or GetLayerVersion as is. */
async function newestVersion(lambda, layerName, options = {}) {
    const abortSignal = options.signal;
    const newest = options.newest ??
        (await lambda.send(new dist_cjs/* ListLayerVersionsCommand */.icq({ LayerName: layerName, MaxItems: 1 }), { abortSignal })).LayerVersions?.[0]?.Version;
    if (!newest)
        return undefined;
    return lambda.send(new dist_cjs/* GetLayerVersionCommand */.VK5({ LayerName: layerName, VersionNumber: newest }), { abortSignal });
}
/**
 * Reads the central directory of the zip at `location` (a version's Content.Location) and
 * compares it with `local`: the changes from the stored version to ours. Never throws: a
 * location missing, a read that failed after its retries, or a zip that cannot be parsed gives
 * `compared: false` with the reason.
 */
async function compareWithStored(location, local, options) {
    if (!location)
        return { compared: false, reason: 'GetLayerVersion gave no Content.Location' };
    let stored;
    try {
        stored = await (0,listing/* listEntries */.fi)(storedZipSource(location, options));
    }
    catch (err) {
        const attempts = err.attempts;
        const after = attempts > 1 ? `, after ${attempts} attempts` : '';
        return { compared: false, reason: `its zip could not be read (${err.message}${after})` };
    }
    return localChanges(local, (ours) => compareEntries(stored, ours), false);
}
/** `changes` of our entries; compared: false when our own zip cannot be listed. */
async function localChanges(local, changes, sameCode) {
    try {
        return { compared: true, changes: changes(await local.entries()), sameCode };
    }
    catch (err) {
        return { compared: false, reason: `the zip to publish could not be listed (${(0,errors/* describeError */.Uc)(err)})` };
    }
}
/** The newest version `existing` against `local`: the same CodeSha256 settles it without a
 * download, else the stored central directory is read. Never throws (see compareWithStored). */
async function compareContent(existing, local, label, options) {
    if (local.sha256 && existing.Content?.CodeSha256 === local.sha256) {
        const same = (ours) => ({ ...compareEntries([], []), unchanged: ours.length });
        return localChanges(local, same, true);
    }
    options.debug?.(local.sha256
        ? `CodeSha256 differs from ${label}'s: comparing the entries of its zip`
        : `Comparing the entries of ${label}'s zip with the files read (no zip built yet)`);
    return compareWithStored(existing.Content?.Location, local, options);
}
/**
 * The newest version `existing` examined: its metadata against the settings, its content
 * against `local`. Returns the PreviousVersion; throws ActionError only when the answer lacks
 * the version's ARN or number.
 */
async function examinePrevious(existing, settings, local, options) {
    const version = (0,layer_version/* toLayerVersion */.d)(existing, 'GetLayerVersion');
    const { debug, agents, region } = options;
    const comparison = await compareContent(existing, local, `version ${version.version}`, {
        debug,
        agents,
        region,
        timeoutSeconds: settings.requestTimeoutSeconds
    });
    return { state: 'found', version, metadataChanges: metadataDifferences(settings, existing), comparison };
}
/**
 * What the newest version of the layer is and how ours differs from it, for the job summary when
 * skip-unchanged is off. Never throws: a lookup that fails (a role without
 * lambda:GetLayerVersion, a throttled call after its retries, the run cancelled) gives 'unread'
 * with the reason; the publish goes on.
 */
async function readPrevious(lambda, settings, local, options = {}) {
    try {
        const existing = await newestVersion(lambda, settings.layerName, options);
        return existing ? await examinePrevious(existing, settings, local, options) : { state: 'none' };
    }
    catch (err) {
        options.debug?.(`The newest version could not be looked up for the summary: ${(0,errors/* describeError */.Uc)(err)}`);
        return { state: 'unread', reason: (0,errors/* describeError */.Uc)(err) };
    }
}

;// CONCATENATED MODULE: ./src/publish/unchanged.ts


/**
 * Compares the newest version of the layer with what the action would publish: the same
 * metadata and the same CodeSha256, or else the same entries in its zip's central directory.
 * Returns the verdict; a stored zip that cannot be read makes it 'differs', with the reason.
 * Throws the SDK error of List/GetLayerVersion(s) as is (ListLayerVersions only when
 * `options.newest` is not given).
 */
async function findUnchanged(lambda, settings, local, options = {}) {
    const existing = await newestVersion(lambda, settings.layerName, options);
    if (!existing)
        return { same: false, reason: 'the layer has no version yet', previous: { state: 'none' } };
    const previous = await examinePrevious(existing, settings, local, options);
    const { version, comparison, metadataChanges } = previous;
    const label = `version ${version.version}`;
    const [field] = metadataChanges;
    if (field)
        return { same: false, reason: `${label}: ${field} ${field.endsWith('s') ? 'differ' : 'differs'}`, previous };
    if (!comparison.compared) {
        return {
            same: false,
            previous,
            reason: `${label} could not be compared, so a new version is published rather than one reused unchecked: ${comparison.reason}`
        };
    }
    if (comparison.sameCode)
        return { same: true, version, previous, reason: `${label} has the same CodeSha256` };
    if (sameEntries(comparison.changes))
        return { same: true, version, previous, reason: `${label} holds the same entries (names, modes, sizes, CRC-32s)` };
    return { same: false, previous, reason: `${label} holds different content: ${describeChanges(comparison.changes)}` };
}

// EXTERNAL MODULE: ./src/share/grants.ts
var share_grants = __webpack_require__(5632);
// EXTERNAL MODULE: ./src/share/withdraw.ts
var withdraw = __webpack_require__(8345);
;// CONCATENATED MODULE: ./src/share/share.ts
// Share stage: one AddLayerVersionPermission per principal, all at once. A version that is live
// but not shared as asked is worse than none, so any failure withdraws the run's own version.







/** The fix when the version vanished while the run shared it. */
const GONE_FIX = "Another run's keep-versions or mode: delete (or a person) deleted it: give the workflows that publish this layer one concurrency group, then re-run";
/** Grants in flight per version: all at once for the usual few, capped for long lists. */
const SHARE_CONCURRENCY = 10;
/**
 * Grants every principal lambda:GetLayerVersion on the version, at most SHARE_CONCURRENCY at once;
 * a statement already there with the same principal counts as done. Returns one result per grant.
 * When any fails (or the run is cancelled), withdraws the version (unless told not to) and throws
 * ShareError naming each failed principal and what became of the version (its leftBehind names
 * the version when it stays live half-shared).
 */
async function shareVersion(lambda, version, principals, options = {}) {
    const grants = (0,share_grants/* toGrants */.Bb)(principals);
    const run = (0,limiter/* limiter */.T)(SHARE_CONCURRENCY);
    const outcomes = await Promise.allSettled(grants.map((g) => run(() => told(grant(lambda, version, g, options.signal), g, options.debug))));
    const failed = outcomes
        .map((o, i) => ({ o, g: grants[i] }))
        .filter((x) => x.o.status === 'rejected');
    if (failed.length === 0) {
        return outcomes.map((o) => o.value);
    }
    const what = options.signal?.aborted
        ? `Sharing ${version.layerVersionArn} stopped: the run was cancelled.`
        : (0,errors/* sentence */.em)(`Sharing ${version.layerVersionArn} failed for ${failed.map(({ o, g }) => `${g.label}: ${(0,errors/* describeError */.Uc)(o.reason)}`).join('; ')}`);
    const fix = options.signal?.aborted ? undefined : 'Check the principals input and that the role may call lambda:AddLayerVersionPermission';
    const cause = failed[0].o.reason;
    if (options.withdrawOnFailure === false) {
        const kept = `Version ${version.version} was kept: this run did not create it, so it does not undo its sharing.`;
        throw new ShareError(`${what} ${kept}`, fix, undefined, cause);
    }
    const withdrawal = await (0,withdraw/* withdrawVersion */.v)(lambda, version);
    // A version deleted under the run is no matter of principals or permissions.
    const gone = withdrawal.state === 'gone' && !options.signal?.aborted ? GONE_FIX : fix;
    throw new ShareError(`${what} ${withdrawal.text}`, gone, withdrawal, cause, withdrawal.state === 'failed' ? [version.layerVersionArn] : []);
}
/** Sharing failed or was cancelled; `withdrawal` says what became of the version, when the run
 * tried to withdraw it; `leftBehind` names it when it stays live half-shared. */
class ShareError extends answers/* LeftBehindError */._V {
    withdrawal;
    constructor(message, fix, withdrawal, cause, leftBehind = []) {
        super(message, fix, leftBehind, { cause });
        this.withdrawal = withdrawal;
        this.name = 'ShareError';
    }
}
/** Tells `debug` how a grant ended: added, already there (the same principal), or failed. */
async function told(granting, g, debug) {
    const about = `lambda:GetLayerVersion for ${g.label} (statement id ${g.statementId})`;
    try {
        const result = await granting;
        const how = result.added === undefined ? 'in place after a retried request (its first answer was lost)' : 'already there';
        debug?.(`${about}: ${result.added ? 'added' : `${how}, with the same principal`}`);
        return result;
    }
    catch (err) {
        debug?.(`${about}: failed (${(0,call_log/* outcomeOf */.sG)(err)})`);
        throw err;
    }
}
async function grant(lambda, version, g, signal) {
    try {
        await lambda.send(new dist_cjs/* AddLayerVersionPermissionCommand */.zjw({
            LayerName: version.layerArn,
            VersionNumber: version.version,
            StatementId: g.statementId,
            Action: 'lambda:GetLayerVersion',
            Principal: g.principal,
            OrganizationId: g.organizationId
        }), { abortSignal: signal });
        return { ...g, added: true };
    }
    catch (err) {
        // A 2xx whose body was cut short: the statement was added; the policy proves it.
        if ((0,answers/* isUnreadableSuccess */.l8)(err))
            return (await confirmExisting(lambda, version, g, signal), { ...g, added: true });
        if (err.name !== 'ResourceConflictException')
            throw err;
        await confirmExisting(lambda, version, g, signal);
        // The SDK counts the attempts on the error (@smithy/middleware-retry $metadata.attempts).
        const retried = (err.$metadata?.attempts ?? 1) > 1;
        return { ...g, added: retried ? undefined : false };
    }
}
/** A statement id that already exists is fine only if it grants the same principal. */
async function confirmExisting(lambda, version, g, signal) {
    const policy = await lambda.send(new dist_cjs/* GetLayerVersionPolicyCommand */.fCq({ LayerName: version.layerArn, VersionNumber: version.version }), {
        abortSignal: signal
    });
    const statement = findStatement(policy.Policy, g.statementId);
    if (!statement || !sameGrant(statement, g)) {
        throw new errors/* ActionError */.lZ(`statement id ${g.statementId} already exists on the version with a different principal`);
    }
}
/** The statement with id `sid` in a layer version policy document, if any. Throws SyntaxError when
 * `policy` is not JSON (Lambda always answers JSON). */
function findStatement(policy, sid) {
    return (0,share_grants/* policyStatements */.H9)(policy).find((s) => s.Sid === sid);
}
/** True when a policy statement grants what `g` asks, compared the way Lambda renders principals
 * (an account id as its root ARN, an organization as '*' with aws:PrincipalOrgID). Never throws. */
function sameGrant(statement, g) {
    const principal = typeof statement.Principal === 'string' ? statement.Principal : statement.Principal?.AWS;
    const org = statement.Condition?.StringEquals?.['aws:PrincipalOrgID'];
    if (g.principal === '*')
        return principal === '*' && org === g.organizationId;
    const account = g.principal.includes(':') ? g.principal.split(':')[4] : g.principal;
    return org === undefined && typeof principal === 'string' && principal.split(':')[4] === account;
}

;// CONCATENATED MODULE: ./src/share/reconcile.ts
// Sharing of a version this run did not publish (reused by skip-unchanged): the principals listed
// are who may use it. This action's own statements (its statement id prefix) for principals no
// longer listed are removed; statements anyone else added are left as they are, and reported.





/**
 * Makes the version's grants the listed principals' (call it after they were granted, so a
 * listed principal never loses access on the way): reads the policy (GetLayerVersionPolicy) and
 * removes (RemoveLayerVersionPermission) each of this action's statements whose principal is not
 * listed. Returns what it removed and the statements it leaves that this action did not add.
 * Throws ShareError naming each grant it could not remove (the version stays as it was: this run
 * did not create it), or the SDK error of the policy read.
 */
async function reconcileSharing(lambda, version, principals, signal) {
    const where = { LayerName: version.layerArn, VersionNumber: version.version };
    const policy = await lambda.send(new dist_cjs/* GetLayerVersionPolicyCommand */.fCq(where), { abortSignal: signal }).catch((err) => {
        // 404 "No policy is associated with the given resource": no statement at all.
        if ((0,answers/* isNotFound */.c4)(err))
            return { Policy: undefined };
        throw err;
    });
    const listed = new Set((0,share_grants/* toGrants */.Bb)(principals).map((g) => g.statementId));
    const statements = (0,share_grants/* policyStatements */.H9)(policy.Policy).map((s) => ({ statementId: s.Sid ?? '', label: (0,share_grants/* statementLabel */.OQ)(s) }));
    const stale = statements.filter((s) => (0,share_grants/* isOwnStatement */.y_)(s.statementId) && !listed.has(s.statementId));
    const outcomes = await Promise.allSettled(stale.map((s) => revoke(lambda, where, s.statementId, signal)));
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [`${stale[i].label}: ${(0,errors/* describeError */.Uc)(o.reason)}`] : []));
    if (failed.length > 0) {
        const cause = outcomes.find((o) => o.status === 'rejected')?.reason;
        const what = (0,errors/* sentence */.em)(`Removing grants no longer in principals from ${version.layerVersionArn} failed for ${failed.join('; ')}`);
        throw new ShareError(`${what} It is still shared with them; version ${version.version} was kept: this run did not create it.`, "Give the role lambda:RemoveLayerVersionPermission on the layer's versions (skip-unchanged removes the grants of principals no longer listed), or publish a new version", undefined, cause);
    }
    return { revoked: stale, others: statements.filter((s) => !(0,share_grants/* isOwnStatement */.y_)(s.statementId)) };
}
/** Removes one statement; one already gone (404) is as good as removed. */
async function revoke(lambda, where, statementId, signal) {
    try {
        await lambda.send(new dist_cjs/* RemoveLayerVersionPermissionCommand */.E06({ ...where, StatementId: statementId }), { abortSignal: signal });
    }
    catch (err) {
        if (!(0,answers/* isNotFound */.c4)(err))
            throw err;
    }
}

// EXTERNAL MODULE: ./src/regions/fan-out.ts + 1 modules
var fan_out = __webpack_require__(2056);
;// CONCATENATED MODULE: ./src/regions/after-publish.ts




/** The error of a step after sharing (SSM, prune, functions): AfterPublishError, which reports
 * the version as live (`published` by this run, or reused), unless the version is gone by now (a
 * concurrent run's keep-versions or a person deleted it: GetLayerVersion answers 404), which the
 * message says instead. Not checked once `signal` has aborted. Never throws. */
async function afterPublishFailure(lambda, version, err, published, signal) {
    if (signal?.aborted || !(await (0,withdraw/* versionGone */._)(lambda, version)))
        return new fan_out/* AfterPublishError */.uJ(version, err, published);
    return new errors/* ActionError */.lZ(`${version.layerVersionArn} was ${published ? 'published' : 'reused'} and shared, but someone else deleted it since (a concurrent run's keep-versions, or a person): ${(0,errors/* describeFailure */.Ic)(err)}`, 'Give the workflows that publish this layer one concurrency group, then re-run', { cause: err });
}
/**
 * After publishing: versions with the same content that other runs (or a late landing of this
 * run's own lost attempt) made since the baseline. skip-unchanged cannot prevent two runs that
 * start together from both publishing; a workflow `concurrency:` group does. Returns one note per
 * such version ([] when there are none or the list cannot be read); never throws.
 */
async function sameContentMeanwhile(lambda, layerName, baseline, own, ctx) {
    ctx.debug(`Looking for versions newer than ${baseline} with this CodeSha256 that another run (or a late attempt of this one) published`);
    try {
        const others = await (0,ownership/* sameContentSince */.Cv)(lambda, layerName, own.codeSha256, baseline, own.version);
        return others.map((v) => `${v.layerVersionArn} with the same content appeared meanwhile (another run published it, or an earlier attempt of this run landed late); it was left as it is. A workflow concurrency group keeps runs from publishing at the same moment.`);
    }
    catch (err) {
        ctx.log(`Could not check for same-content versions published meanwhile: ${(0,errors/* describeError */.Uc)(err)}`);
        return [];
    }
}

// EXTERNAL MODULE: ./src/regions/cancellation.ts
var cancellation = __webpack_require__(6322);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ssm/dist-cjs/index.js
var client_ssm_dist_cjs = __webpack_require__(4736);
// EXTERNAL MODULE: ./src/inputs/ssm-parameter.ts
var ssm_parameter = __webpack_require__(538);
;// CONCATENATED MODULE: ./src/lifecycle/parameter.ts
// The "latest version" pointer: the version ARN written to an SSM String parameter in the
// version's region, where CloudFormation ({{resolve:ssm:...}}), Terraform (aws_ssm_parameter)
// and the CLI read it. Written once the version is shared, so the pointer never names a version
// that consumers cannot use yet. PutParameter has no conditional write (SSM API reference), so
// two runs that overlap could move the pointer back: the value is read first and never replaced
// by an older version of the same layer, and a write that another run's write slipped in front
// of (between the read and the write) is checked afterwards and undone.





/** After a cancel cut the write off, how long reading it back may take (milliseconds): well within
 * the run's 6 s to stop (regions/cancellation.ts). */
const READ_BACK_MS = 3000;
/** The write was cut off by a cancel; `parameter` is what reading it back showed, when it holds
 * this run's ARN. */
class ParameterCancelledError extends errors/* CancelledError */.cc {
    parameter;
    constructor(message, parameter) {
        super('Writing the SSM parameter');
        this.parameter = parameter;
        this.message = message;
        this.name = 'ParameterCancelledError';
    }
}
/** The number of the version of `version`'s layer that `value` names; undefined for any other
 * value (another layer, another region, not an ARN). Never throws. */
function versionNamed(value, version) {
    const prefix = `${version.layerArn}:`;
    if (!value?.startsWith(prefix) || !/^\d+$/.test(value.slice(prefix.length)))
        return undefined;
    return Number(value.slice(prefix.length));
}
/** `value` names a newer version of `version`'s layer. */
function isNewer(value, version) {
    return (versionNamed(value, version) ?? 0) > version.version;
}
/**
 * Makes the String parameter `name` in the version's region hold `version`'s ARN, unless it
 * names a newer version of the same layer: reads it (GetParameter), writes (PutParameter with
 * Overwrite; no tags, which SSM refuses with Overwrite), and when another write landed between
 * the two and named a newer version, puts that one back. A write whose answer was lost or cut
 * (or that a cancel cut off) is settled by reading the parameter back. Returns what the
 * parameter holds. Throws ActionError naming the parameter, with a fix for the errors a user can
 * act on (SSM's throttling is retried by the SDK first); ParameterCancelledError on a cancel.
 */
async function writeParameter(ssm, name, version, options = {}) {
    const call = { ssm, name, version, ...options };
    const arn = version.layerVersionArn;
    const current = await read(call, name);
    options.debug?.(`SSM parameter ${name}: ${describeHeld(current)}`);
    if (current && isNewer(current.value, version))
        return { name, version: current.version, holds: current.value, outcome: 'newer' };
    if (current?.value === arn)
        return { name, version: current.version, holds: arn, outcome: 'kept' };
    const written = { name, version: await put(call, arn), holds: arn, outcome: 'written', replaced: current?.value };
    // SSM counts each write: a gap means another write landed between the read and this one.
    if (written.version <= (current?.version ?? 0) + 1 || options.signal?.aborted)
        return written;
    const before = await readBefore(call, written.version);
    if (!isNewer(before?.value, version))
        return written;
    options.debug?.(`SSM parameter ${name}: parameter version ${written.version - 1}, written just before this run's, named ${before.value}`);
    return { ...written, version: await put(call, before.value), holds: before.value, outcome: 'restored' };
}
/** "it holds <arn> (parameter version 3)" or "it does not exist", for messages. Never throws. */
function describeHeld(held) {
    return held ? `it holds ${held.value} (parameter version ${held.version})` : 'it does not exist';
}
/** The parameter's value at `selector` (its name, or name:version); undefined when there is none.
 * With a `signal`, throws CancelledError once it aborts; else ActionError naming the fix. */
async function read(call, selector, signal = call.signal) {
    try {
        const answer = await call.ssm.send(new client_ssm_dist_cjs/* GetParameterCommand */.lhy({ Name: selector }), { abortSignal: signal });
        const p = answer.Parameter;
        return p?.Value === undefined ? undefined : { value: p.Value, version: p.Version ?? 0 };
    }
    catch (err) {
        const name = err.name;
        if (name === 'ParameterNotFound' || name === 'ParameterVersionNotFound')
            return undefined;
        if (call.signal?.aborted && signal === call.signal)
            throw new errors/* CancelledError */.cc(`Reading the SSM parameter ${call.name}`);
        const fix = name === 'AccessDeniedException' ? `Allow the role ssm:GetParameter on ${arnOf(call)}` : undefined;
        throw new errors/* ActionError */.lZ(`Reading the SSM parameter ${selector} failed: ${describeAnswerError(err)}`, fix, { cause: err });
    }
}
/** The value the write before parameter version `written` left; undefined when it cannot be read
 * (SSM keeps 100 versions), which leaves this run's write as it is. Throws CancelledError only. */
async function readBefore(call, written) {
    try {
        return await read(call, `${call.name}:${written - 1}`);
    }
    catch (err) {
        if (err instanceof errors/* CancelledError */.cc)
            throw err;
        call.log?.(`Could not read the write before this run's, to check for an overlapping run: ${(0,errors/* describeError */.Uc)(err)}`);
        return undefined;
    }
}
/** What to change for an error PutParameter answers (SSM API reference, PutParameter errors). */
const parameter_FIXES = {
    AccessDeniedException: (_, arn) => `Allow the role ssm:PutParameter on ${arn}`,
    HierarchyTypeMismatchException: (name) => `${name} exists with another type than String: delete it, or name another parameter in ssm-parameter`,
    ParameterMaxVersionLimitExceeded: (name) => `${name} has 100 versions and the oldest carries a label, so SSM cannot drop it: move the label (ssm:UnlabelParameterVersion)`,
    ParameterLimitExceeded: () => 'The account has reached its number of parameters in this region: delete unused ones, or use the advanced tier',
    TooManyUpdates: () => 'Another writer updates the parameter at the same moment: re-run, and keep one workflow per parameter'
};
const RERUN = 'Re-run the workflow; if another workflow writes this parameter too, give both one concurrency group';
/** Writes `value`; returns the parameter's new version. A failure that may have been applied (a
 * 2xx answer cut short, a 5xx or dropped connection after the SDK's retries, a cancel while in
 * flight) is settled by reading the parameter back: holding `value`, it was written. Throws
 * ActionError (ParameterCancelledError on a cancel) otherwise. */
async function put(call, value) {
    const what = `Writing ${value} to the SSM parameter ${call.name}`;
    try {
        const command = new client_ssm_dist_cjs/* PutParameterCommand */.ihh({ Name: call.name, Value: value, Type: 'String', Overwrite: true });
        return (await call.ssm.send(command, { abortSignal: call.signal })).Version ?? 0;
    }
    catch (err) {
        const cancelled = call.signal?.aborted === true;
        const kind = (0,publish_retry/* classifyFailure */.XE)(err, cancelled);
        if (kind === 'applied' || kind === 'maybe-applied')
            return settle(call, value, what, err, cancelled);
        throw new errors/* ActionError */.lZ(`${what} failed: ${describeAnswerError(err)}`, parameter_FIXES[err.name]?.(call.name, arnOf(call)), {
            cause: err
        });
    }
}
/** Reads the parameter back after a write that may have been applied: returns its version when it
 * holds `value` (and, unless cancelled, logs how the write was settled). Throws otherwise. */
async function settle(call, value, what, err, cancelled) {
    const why = cancelled ? 'the run was cancelled while the write was in flight' : `${describeAnswerError(err)}`;
    let held;
    try {
        held = await read(call, call.name, AbortSignal.timeout(READ_BACK_MS));
    }
    catch (readErr) {
        const text = `${what}: ${why}, and reading it back failed too (${(0,errors/* describeError */.Uc)(readErr)}), so whether it holds ${value} is unknown`;
        if (cancelled)
            throw new ParameterCancelledError(text);
        throw new errors/* ActionError */.lZ(text, `Check it (aws ssm get-parameter --name ${call.name}), then re-run`, { cause: err });
    }
    const landed = held?.value === value;
    if (cancelled) {
        const parameter = landed && held ? { name: call.name, version: held.version, holds: value, outcome: 'written' } : undefined;
        throw new ParameterCancelledError(`${what}: ${why}; reading it back, ${describeHeld(held)}${landed ? ': the write landed' : ''}`, parameter);
    }
    if (!landed || !held)
        throw new errors/* ActionError */.lZ(`${what} failed: ${why}; reading it back, ${describeHeld(held)}`, RERUN, { cause: err });
    call.log?.(`${what}: ${why}; reading it back, ${describeHeld(held)}, so the write landed`);
    return held.version;
}
/** An SDK error in words: a 2xx answer cut short is said so, not as the SDK's parser text. */
function describeAnswerError(err) {
    if (!(0,answers/* isUnreadableSuccess */.l8)(err))
        return (0,errors/* describeError */.Uc)(err);
    const status = err.$metadata.httpStatusCode;
    return `SSM answered HTTP ${status}, but the answer was cut short and could not be read`;
}
/** The parameter's ARN in the version's region and account, for IAM fixes. */
function arnOf(call) {
    // arn:<partition>:lambda:<region>:<account>:layer:<name>
    const [, , , region = '', account = ''] = call.version.layerArn.split(':');
    return (0,ssm_parameter/* parameterArn */.vi)(call.name, region, account);
}

;// CONCATENATED MODULE: ./src/regions/parameter-stage.ts

/** ssm-parameter (none: no stage): `version`'s ARN written to the parameter in its region,
 * unless the parameter names a newer version (lifecycle/parameter.ts). Returns the parameter as
 * it was left, also noted in the region's progress; throws what writeParameter throws. */
async function parameterStage(ctx, region, version) {
    const name = ctx.settings.ssmParameter;
    if (!name)
        return undefined;
    ctx.stage('ssm-parameter', `writing version ${version.version}'s ARN to the SSM parameter ${name}`);
    const parameter = await settleParameter(ctx, region, version);
    const { holds } = parameter;
    if (parameter.outcome === 'newer')
        ctx.warn(`${region}: the SSM parameter ${name} names ${holds}, newer than this run's version (another run published it); left as it is`);
    else if (parameter.outcome === 'restored')
        ctx.warn(`${region}: another run wrote ${holds} to the SSM parameter ${name} just before this run wrote ${version.layerVersionArn}; ${holds} is newer, so it was put back (parameter version ${parameter.version})`);
    else
        ctx.log(`SSM parameter ${name} ${parameter.outcome === 'kept' ? 'already holds' : 'now holds'} ${holds} (parameter version ${parameter.version})`);
    return parameter;
}
/** After pruning deleted versions: the parameter must not name one of them (a run that overlapped
 * may have written it meanwhile); writeParameter again puts this run's ARN back unless a newer
 * one is there. Returns the parameter as left; throws what writeParameter throws. */
async function parameterAfterPrune(ctx, region, version, deleted) {
    ctx.debug(`Pruning deleted ${deleted.length} version(s): checking that the SSM parameter names none of them`);
    const parameter = await settleParameter(ctx, region, version);
    if (parameter.replaced && parameter.outcome !== 'kept')
        ctx.warn(`${region}: the SSM parameter ${parameter.name} named ${parameter.replaced}${deleted.includes(parameter.replaced) ? ', which pruning deleted' : ''} (another run wrote it meanwhile); it holds ${parameter.holds} again`);
    return parameter;
}
/** writeParameter in `region`, its result (or what a cancel left) noted in the region's progress. */
async function settleParameter(ctx, region, version) {
    const progress = ctx.progress(region);
    const options = { signal: ctx.signal, log: ctx.log, debug: ctx.debug };
    const ssm = await ctx.clients(region).ssm();
    try {
        return (progress.parameter = await writeParameter(ssm, ctx.settings.ssmParameter, version, options));
    }
    catch (err) {
        if (err instanceof ParameterCancelledError && err.parameter)
            progress.parameter = err.parameter;
        throw err;
    }
}

;// CONCATENATED MODULE: ./src/regions/lines.ts


/** The number in a layer version ARN ("...:layer:my-deps:3" -> "3"). Never throws. */
function versionNumber(arn) {
    return arn.slice(arn.lastIndexOf(':') + 1);
}
/** The publish stage's progress line: what the region is about to do; `archive` is undefined
 * while no zip is built (skip-unchanged builds it only for a region that publishes). Never throws. */
function publishDoing(settings, archive, region) {
    if (settings.skipUnchanged || !archive)
        return 'comparing with the newest version (skip-unchanged)';
    if (settings.signing)
        return `publishing the zip (${archive.size} bytes), signed by AWS Signer`;
    if (settings.s3Bucket)
        return `publishing the zip (${archive.size} bytes) through s3://${(0,checks/* bucketIn */.CC)(settings.s3Bucket, region)}`;
    return `publishing the zip (${archive.size} bytes, inline)`;
}
/** How the zip reaches Lambda: in the request (at most 50 MiB, checked before any AWS call),
 * through the region's bucket under the key that names it, or, signed, from where signing put it
 * (`signed`, regions/signing.ts). Never throws. */
function uploadRoute(settings, archive, signed) {
    if (signed?.S3Bucket) {
        const version = signed.S3ObjectVersion ? ` (version ${signed.S3ObjectVersion})` : '';
        return `the signed zip (${archive.size} bytes), published from s3://${signed.S3Bucket}/${signed.S3Key ?? ''}${version}`;
    }
    if (!settings.s3Bucket)
        return `inline in PublishLayerVersion (${archive.size} bytes)`;
    const key = settings.s3Key || (0,s3/* defaultS3Key */.n2)(settings.layerName, archive.contentDigest);
    return `uploaded to s3://${settings.s3Bucket}/${key} (${archive.size} bytes), then published from there`;
}
/** "Shared version 3 with 111122223333 (added), organization o-a1b2c3d4e5 (already there)"; a
 * grant a retried request found in place (its first answer lost) is "in place". */
function describeShares(version, shares) {
    const each = shares.map((s) => `${s.label} (${s.added === undefined ? 'in place' : s.added ? 'added' : 'already there'})`);
    return `Shared version ${version.version} with ${each.join(', ')}`;
}
/** What reconciling a reused version's grants did (share/reconcile.ts), a line per statement:
 * "Removed the grant to * (everyone) (statement ...) from version 1: no longer in principals",
 * and each statement this action did not add, left as it is. Never throws. */
function describeReconciled(version, reconciled) {
    if (!reconciled)
        return [];
    const v = version.version;
    return [
        ...reconciled.revoked.map((r) => `Removed the grant to ${r.label} (statement ${r.statementId}) from version ${v}: no longer in principals`),
        ...reconciled.others.map((o) => `Version ${v} is also shared with ${o.label} by statement ${o.statementId}, which this action did not add; left as it is`)
    ];
}
/** "Deleted 2 old version(s) (keep-versions 5): 1, 2", or that there was none to delete. */
function describePrune(deleted, keep) {
    if (deleted.length === 0)
        return `No old version to delete (keep-versions ${keep})`;
    return `Deleted ${deleted.length} old version(s) (keep-versions ${keep}): ${deleted.map(versionNumber).join(', ')}`;
}
/** mode: delete: "Deleted 3 version(s) of my-deps: 1, 2, 3", or that there was none. */
function describeDeleted(layerName, deleted) {
    if (deleted.length === 0)
        return `No version of ${layerName} to delete`;
    return `Deleted ${deleted.length} version(s) of ${layerName}: ${deleted.map(versionNumber).join(', ')}`;
}
/** One line per function: "my-fn: now uses version 3 (was arn:...:2)", or that it already did. */
function describeFunctions(version, functions) {
    return functions.map((f) => {
        if (!f.changed)
            return `${f.target}: already uses version ${version.version}`;
        return `${f.target}: now uses version ${version.version} (${f.previous ? `was ${f.previous}` : 'added to its layers'})`;
    });
}

;// CONCATENATED MODULE: ./src/regions/region.ts


















/** The update-functions targets of `region`: functions named by ARN belong to their region, bare
 * names to the first region. Never throws. */
function functionsIn(region, targets, firstRegion) {
    return targets.filter((t) => (t.startsWith('arn:') ? t.split(':')[3] === region : region === firstRegion));
}
/**
 * publish mode, for one region: note the newest version (the ownership baseline), look at it
 * (reused when skip-unchanged finds it the same, the zip then not needed here; compared for the
 * job summary either way), else publish; then completeRegion. Returns what it did. Throws what a
 * stage throws (ActionError, LeftBehindError, CancelledError or an SDK error); after the version
 * went live and was shared, as AfterPublishError, so the fan-out still reports the version.
 */
async function publishInRegion(ctx, layer, region) {
    ctx.stage('publish', publishDoing(ctx.settings, ctx.settings.skipUnchanged ? undefined : await layer.zip(), region));
    const prepared = await prepareRegion(ctx, layer.content, region);
    const { reuse } = prepared;
    if (reuse)
        ctx.log(`skip-unchanged: ${reuse.same ? `reusing ${reuse.version.layerVersionArn}` : 'publishing'} (${reuse.reason})`);
    (0,errors/* throwIfCancelled */.dZ)(ctx.signal, 'Publishing');
    if (reuse?.same)
        return completeRegion(ctx, prepared, { version: reuse.version, owned: false });
    return completeRegion(ctx, prepared, { version: await publishNew(ctx, await layer.zip(ctx), region), owned: true });
}
/** Notes the region's ownership baseline (the newest version number) and looks at that version:
 * with skip-unchanged, whether it is the same layer as `local`; either way, how ours differs from
 * it, for the job summary. Logs in the region's current stage. Returns all three; throws the SDK
 * error as is. */
async function prepareRegion(ctx, local, region) {
    const { settings, signal } = ctx;
    const lambda = ctx.clients(region).lambda;
    const baseline = await (0,ownership/* newestVersionNumber */.E7)(lambda, settings.layerName, signal);
    ctx.progress(region).baseline = baseline;
    ctx.debug(`Ownership baseline: version ${baseline} is the newest before this run; only a newer version can be this run's`);
    // The baseline is the newest version: skip-unchanged and the summary look at it, before
    // publishing (afterwards the newest version is our own).
    const options = { debug: ctx.debug, agents: ctx.agents, region, newest: baseline };
    const verdict = settings.skipUnchanged ? await findUnchanged(lambda, settings, local, options) : undefined;
    // With signing, a version is the same only if this run's profile version signed it (signing.ts).
    const reuse = verdict && ctx.signing ? await ctx.signing.vet(verdict) : verdict;
    const previous = reuse ? reuse.previous : await readPrevious(lambda, settings, local, { ...options, signal });
    return { region, baseline, reuse, previous };
}
/**
 * Once the region's version exists: share it (withdrawing it on failure when the run made it),
 * write its ARN to ssm-parameter, then prune (never a version newer than the baseline nor a recent
 * one) and move functions, each in its own stage. Returns what the region did. Throws ShareError
 * (or CancelledError) from sharing; after the version is shared, AfterPublishError (or an
 * ActionError when the version was deleted by someone else meanwhile).
 */
async function completeRegion(ctx, prepared, settled) {
    const { settings, signal } = ctx;
    const { region, baseline, reuse, previous } = prepared;
    const { version, owned, fillers, withdrawn } = settled;
    const clients = ctx.clients(region);
    const progress = ctx.progress(region);
    Object.assign(progress, { version, owned });
    // Still in the publish stage: what else appeared since the baseline.
    const notes = owned ? await sameContentMeanwhile(clients.lambda, settings.layerName, baseline, version, ctx) : [];
    const { shares, reconciled } = await shareStage(ctx, clients.lambda, version, owned, progress);
    progress.shared = true;
    try {
        let parameter = await parameterStage(ctx, region, version);
        const deleted = await pruneStage(ctx, clients.lambda, { own: version.version, baseline }, owned, notes);
        if (parameter && deleted.length > 0)
            parameter = await parameterAfterPrune(ctx, region, version, deleted);
        const targets = functionsIn(region, settings.updateFunctions, settings.regions[0]);
        if (targets.length > 0)
            ctx.stage('functions', `moving ${targets.length} function(s) to version ${version.version}`);
        const functions = targets.length > 0 ? await updateFunctions(clients.lambda, targets, version, { signal, debug: ctx.debug }) : [];
        for (const line of describeFunctions(version, functions))
            ctx.log(line);
        const reused = owned ? undefined : reuse?.reason;
        progress.finished = {
            region,
            ok: true,
            version,
            published: owned,
            reused,
            previous,
            shares,
            reconciled,
            deleted,
            functions,
            notes,
            fillers,
            withdrawn,
            parameter
        };
        return progress.finished;
    }
    catch (err) {
        const failure = await afterPublishFailure(clients.lambda, version, err, owned, signal);
        if (failure instanceof fan_out/* AfterPublishError */.uJ)
            failure.parameter = progress.parameter;
        throw failure;
    }
}
/** Shares `version` with every principal and, on a version this run did not publish, removes this
 * action's grants to principals no longer listed (share/reconcile.ts); no stage when a new version
 * has no principal. Returns the grants and what reconciling did; throws what shareVersion (after
 * noting a version it withdrew) and reconcileSharing throw. */
async function shareStage(ctx, lambda, version, owned, progress) {
    const { principals } = ctx.settings;
    if (principals.length === 0 && owned)
        return { shares: [] };
    ctx.stage('share', `sharing version ${version.version} with ${principals.length} principal(s)`);
    const options = { withdrawOnFailure: owned, signal: ctx.signal, debug: ctx.debug };
    const shares = await shareVersion(lambda, version, principals, options).catch((err) => {
        recordWithdrawal(progress, err);
        throw err;
    });
    if (shares.length > 0)
        ctx.log(describeShares(version, shares));
    const reconciled = owned ? undefined : await reconcileSharing(lambda, version, principals, ctx.signal);
    for (const line of describeReconciled(version, reconciled))
        ctx.log(line);
    return { shares, reconciled };
}
/** keep-versions, for a version this run published (a reused one prunes nothing); a note in
 * `notes` names versions spared as recent. Returns the deleted ARNs; throws what pruneVersions
 * throws. */
async function pruneStage(ctx, lambda, guard, owned, notes) {
    const { keepVersions, layerName } = ctx.settings;
    if (keepVersions <= 0)
        return [];
    if (!owned)
        return (ctx.debug(`keep-versions ${keepVersions}: nothing pruned, the version was reused, not published by this run`), []);
    ctx.stage('prune', `keeping the newest ${keepVersions} version(s)`);
    const { deleted, note } = await pruneVersions(lambda, layerName, keepVersions, guard, ctx.signal, ctx.debug);
    ctx.log(describePrune(deleted, keepVersions));
    if (note)
        notes.push(note);
    return deleted;
}
/** Publishes in `region`: through the region's own bucket (s3-bucket's {region} filled in), and
 * without an optional field the region refuses (publish/fields.ts), with a warning. When the run
 * is cancelled while the publish was in flight and it landed, deletes that version (not shared).
 * Returns the version; throws what publishVersion throws, and ActionError after such a cancel. */
async function publishNew(ctx, archive, region) {
    const clients = ctx.clients(region);
    const progress = ctx.progress(region);
    const retry = {
        once: clients.lambdaOnce,
        maxAttempts: ctx.settings.maxAttempts,
        baseline: progress.baseline ?? 0,
        signal: ctx.signal,
        log: (m) => ctx.log(m),
        lateLandingMs: cancellation/* LATE_LANDING_MS */.eH
    };
    // A signed zip (signed on first use, copied to this region's bucket) is published as it is.
    const signed = await ctx.signing?.sourceIn(region, ctx.log);
    const zip = signed ? { ...archive, sha256: signed.sha256, size: signed.size } : archive;
    progress.codeSha256 = zip.sha256;
    progress.publishing = true;
    try {
        // {region} filled in: the region's own bucket (and key).
        const [s3Bucket, s3Key] = [ctx.settings.s3Bucket, ctx.settings.s3Key].map((t) => t && (0,checks/* bucketIn */.CC)(t, region));
        ctx.debug(`Upload route: ${uploadRoute({ ...ctx.settings, s3Bucket, s3Key }, zip, signed?.content)}`);
        const deps = { lambda: clients.lambda, s3: clients.s3, retry, signal: ctx.signal, content: signed?.content };
        const publish = (settings) => publishVersion(settings, zip, deps);
        const published = await publishWithoutRefusedFields({ ...ctx.settings, s3Bucket, s3Key }, publish, (field, values, err) => ctx.warn(`${region}: published without ${field} (${values.join(', ')}): the region refused it (${(0,errors/* describeError */.Uc)(err)})`));
        // Lambda's answer names the signer (LayerVersionContentOutput); the job's own ARNs stand in if it does not.
        const version = signed ? { signingJobArn: signed.jobArn, signingProfileVersionArn: signed.profileVersionArn, ...published } : published;
        ctx.log(`Published ${version.layerVersionArn}`);
        return version;
    }
    catch (err) {
        if (err instanceof errors/* CancelledError */.cc && err.undone)
            progress.undone.push(err.undone);
        if (!(err instanceof publish_retry/* PublishCancelledError */.PG) || !err.version)
            throw err;
        // Cancelled while the publish was in flight, and it landed: this run's version, not shared.
        const withdrawal = await (0,withdraw/* withdrawVersion */.v)(clients.lambda, err.version);
        if (withdrawal.state === 'deleted')
            progress.undone.push(`deleted ${err.version.layerVersionArn}, published as the run was cancelled and not shared`);
        throw new errors/* ActionError */.lZ(`Publishing stopped: the run was cancelled after ${err.version.layerVersionArn} was created. ${withdrawal.text}`);
    }
    finally {
        progress.publishing = false;
    }
}
/** Notes the version a failed or cancelled share deleted, for the cancelled run's summary line. */
function recordWithdrawal(progress, err) {
    if (err instanceof ShareError && err.withdrawal?.state === 'deleted' && progress.version) {
        progress.undone.push(`deleted ${progress.version.layerVersionArn}, which was not fully shared`);
    }
}
/** mode: delete, for one region: deletes every version. Returns what it deleted; throws the SDK
 * error of a list or delete call as is. */
async function deleteInRegion(ctx, region) {
    ctx.stage('delete', `deleting every version of ${ctx.settings.layerName}`);
    const deleted = await deleteAllVersions(ctx.clients(region).lambda, ctx.settings.layerName, ctx.signal);
    ctx.log(describeDeleted(ctx.settings.layerName, deleted));
    return { region, ok: true, published: false, shares: [], deleted, functions: [], notes: [] };
}


/***/ }),

/***/ 8345:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ versionGone),
/* harmony export */   v: () => (/* binding */ withdrawVersion)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1696);
/* harmony import */ var _aws_answers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7054);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
// Undoing a publish: deleting the run's own version when it could not be shared as asked (or the
// run was cancelled), and saying truthfully what became of it.



/**
 * Deletes the version, unless it is already gone. DeleteLayerVersion answers 204 for a version
 * already deleted (recorded AWS answers), so GetLayerVersion asks first (404 when gone): a run
 * must not claim it withdrew what a concurrent run or a person deleted. Runs as clean-up, so it
 * takes no abort signal. Returns what happened; never throws.
 */
async function withdrawVersion(lambda, version) {
    const n = version.version;
    // Unknown (the Get failed otherwise): try the delete anyway.
    if (await versionGone(lambda, version))
        return goneText(n);
    try {
        await lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .DeleteLayerVersionCommand */ .KnR({ LayerName: version.layerArn, VersionNumber: n }));
        return { state: 'deleted', text: `Version ${n} was deleted, so that no half-shared version stays live.` };
    }
    catch (err) {
        return {
            state: 'failed',
            text: `Deleting version ${n} also failed (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .describeError */ .Uc)(err)}): delete ${version.layerVersionArn} by hand.`
        };
    }
}
function goneText(n) {
    return {
        state: 'gone',
        text: `Version ${n} was already gone: someone else deleted it (a concurrent run or a person); this run did not withdraw it.`
    };
}
/** True when the version is gone: GetLayerVersion answers 404 (ResourceNotFoundException).
 * False when it is there or the answer says nothing (another error). Clean-up and reporting: no
 * abort signal. Never throws. */
async function versionGone(lambda, version) {
    return lambda.send(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_2__/* .GetLayerVersionCommand */ .VK5({ LayerName: version.layerArn, VersionNumber: version.version })).then(() => false, (err) => (0,_aws_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .isNotFound */ .c4)(err));
}


/***/ })

};
