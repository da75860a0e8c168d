export const id = 201;
export const ids = [201,885];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   createLambdaClient: () => (/* binding */ createLambdaClient),
/* harmony export */   createS3Client: () => (/* binding */ createS3Client),
/* harmony export */   createSignerClient: () => (/* binding */ createSignerClient),
/* harmony export */   createSsmClient: () => (/* binding */ createSsmClient),
/* harmony export */   u: () => (/* binding */ createStsClient),
/* harmony export */   w: () => (/* binding */ createSignedStsClient)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1696);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1695);
/* harmony import */ var _call_log_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6506);
/* harmony import */ var _middleware_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8885);
// AWS client construction, in one place so every client shares region, endpoint, retries,
// timeouts, the debug line for each call and errors that name their operation. Stages receive
// clients; tests build their own against the emulator.




/** A connection that cannot be made in this time (milliseconds) fails, and is retried, instead of hanging. */
const CONNECTION_TIMEOUT_MS = 10_000;
/**
 * Standard retry strategy: throttling (429, with Retry-After), 5xx and network errors are
 * retried with backoff up to maxAttempts; validation and auth errors are not (AWS SDK for
 * JavaScript v3, "Retry strategy"). Sockets idle for requestTimeoutSeconds fail.
 */
function baseConfig(settings, region, maxAttempts = settings.maxAttempts ?? 5) {
    return {
        region,
        endpoint: settings.endpointUrl,
        maxAttempts,
        retryMode: 'standard',
        requestHandler: {
            connectionTimeout: CONNECTION_TIMEOUT_MS,
            // Inactivity, not total time: a 50 MB upload may take long, a silent socket may not.
            socketTimeout: (settings.requestTimeoutSeconds ?? 60) * 1000,
            ...settings.agents
        }
    };
}
/** `client`, logging each attempt of each call it sends (middleware.ts logCalls) and naming the
 * operation on the error a call ends with (nameFailedCalls). Every client made here goes through
 * it, so a new kind of client is logged the same way. Never throws. */
function logged(client, settings, region) {
    (0,_middleware_js__WEBPACK_IMPORTED_MODULE_1__/* .logCalls */ .c)(client, region, (0,_call_log_js__WEBPACK_IMPORTED_MODULE_0__/* .routedLog */ .UL)(settings.callLog ?? _call_log_js__WEBPACK_IMPORTED_MODULE_0__/* .stepDebug */ .W$));
    (0,_middleware_js__WEBPACK_IMPORTED_MODULE_1__/* .nameFailedCalls */ .o)(client);
    return client;
}
/** An STS client for AssumeRoleWithWebIdentity, which is unsigned: it needs no credentials (STS
 * API reference). Making a client calls nothing and never throws. */
function createStsClient(settings) {
    const client = new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM({
        ...baseConfig(settings, settings.region),
        // The web-identity call carries its own proof; do not let the SDK hunt for credentials.
        credentials: { accessKeyId: '', secretAccessKey: '' }
    });
    return logged(client, settings, settings.region);
}
/** A signed STS client in aws-region, for GetCallerIdentity (no permission needed: STS API
 * reference). Never throws. */
function createSignedStsClient(settings, credentials) {
    return logged(new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_2__/* .STSClient */ .iM({ ...baseConfig(settings, settings.region), credentials }), settings, settings.region);
}
/** A Lambda client in `region`; `maxAttempts: 1` gives the client for calls whose retries must be
 * ours (see publish/retry.ts). Never throws; without credentials the SDK's default chain applies. */
function createLambdaClient(settings, credentials, region = settings.region, maxAttempts) {
    return logged(new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_3__/* .LambdaClient */ .Nox({ ...baseConfig(settings, region, maxAttempts), credentials }), settings, region);
}
/** An S3 client in `region`, path-style for custom endpoints. Loaded lazily: the S3 SDK is only
 * needed for archives uploaded through a bucket. Never throws. */
async function createS3Client(settings, credentials, region = settings.region) {
    const { S3Client } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    const client = new S3Client({
        ...baseConfig(settings, region),
        credentials,
        // Custom endpoints (LocalStack, the emulator) serve buckets by path, not by host name.
        forcePathStyle: Boolean(settings.endpointUrl)
    });
    return logged(client, settings, region);
}
/** An AWS Signer client in `region`, for code signing (the profile check, the signing job and its
 * waiter). Loaded lazily: only runs with signing-profile-name need it. Never throws. */
async function createSignerClient(settings, credentials, region) {
    const { SignerClient } = await __webpack_require__.e(/* import() */ 935).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
    return logged(new SignerClient({ ...baseConfig(settings, region), credentials }), settings, region);
}
/** An SSM client in `region`, for the ssm-parameter write. Loaded lazily: only runs with
 * ssm-parameter need the SSM SDK. Never throws. */
async function createSsmClient(settings, credentials, region) {
    const { SSMClient } = await __webpack_require__.e(/* import() */ 736).then(__webpack_require__.t.bind(__webpack_require__, 4736, 19));
    return logged(new SSMClient({ ...baseConfig(settings, region), credentials }), settings, region);
}


/***/ }),

/***/ 8885:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   LAMBDA_PACE: () => (/* binding */ LAMBDA_PACE),
/* harmony export */   c: () => (/* binding */ logCalls),
/* harmony export */   o: () => (/* binding */ nameFailedCalls),
/* harmony export */   paceCalls: () => (/* binding */ paceCalls),
/* harmony export */   rereadCutAnswers: () => (/* binding */ rereadCutAnswers)
/* harmony export */ });
/* harmony import */ var _answers_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7054);
/* harmony import */ var _call_log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6506);


/** Lambda's control plane allows 15 requests per second per account and region across all its
 * APIs, not adjustable (Lambda developer guide, "Lambda quotas", API requests; Service Quotas
 * L-B2AA0F47). A run keeps to 10 per second per region, leaving room for the account's other
 * callers, so 50 principals never spend their attempts on throttling; up to 10 go at once
 * (one second's worth, as AWS's own buckets allow), so a few grants are not spread over a
 * second. Over any span of t seconds a region sends at most 10 + 10t calls, under the 15 + 15t
 * a full bucket of 15 a second lets through. */
const LAMBDA_PACE = { perSecond: 10, burst: 10 };
/** The abort signal the caller gave `send`, as the SDK keeps it in the handler context. */
function abortSignalOf(context) {
    return context.__smithy_context?.abortSignal;
}
/**
 * Makes every attempt of every call through `client` (the SDK's retries included) wait for its
 * turn of `pace`; a call whose abort signal fires while it waits gives up its turn. Returns
 * nothing; the middleware rejects as the call does.
 */
function paceCalls(client, pace) {
    client.middlewareStack.add((next, context) => async (args) => {
        await pace(abortSignalOf(context));
        return next(args);
    }, { step: 'finalizeRequest', priority: 'low', name: 'publishLambdaLayerPace' });
}
/**
 * A read (Get*, List*) answered 2xx with a body that cannot be parsed changed nothing: mark the
 * error retryable (`$retryable`, which the SDK's own classification, isTransientError, honours)
 * so the SDK's retry strategy reads again within max-attempts. Writes are left as they are: a
 * 2xx write was applied, and the stage that made it decides. For Lambda and SSM clients alike.
 * Returns nothing.
 */
function rereadCutAnswers(client) {
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (err) {
            const read = /^(Get|List)/.test(context.commandName ?? '');
            if (read && (0,_answers_js__WEBPACK_IMPORTED_MODULE_0__/* .isUnreadableSuccess */ .l8)(err) && typeof err === 'object' && err !== null)
                Object.assign(err, { $retryable: {} });
            throw err;
        }
    }, { step: 'finalizeRequest', priority: 'low', name: 'publishLambdaLayerReread' });
}
/** Attempts so far per command: the SDK's retries send the same command again, and so do the
 * retries that are ours (publish/retry.ts sends one PublishLayerVersion command per attempt
 * through a client whose own retries are off). */
const attempts = new WeakMap();
/**
 * Logs every attempt of every call through `client` to `log` (aws/call-log.ts): service,
 * operation, `region`, attempt number, milliseconds and the HTTP status or error name. It sits in
 * the deserialize step, inside the SDK's retries and after the pace's wait, so each attempt is
 * one line and its time is the request's own. Returns nothing; the call rejects as it would.
 */
function logCalls(client, region, log) {
    client.middlewareStack.add((next, context) => {
        const command = context.__smithy_context?.commandInstance ?? {};
        const service = (context.clientName ?? 'aws').replace(/Client$/, '').toLowerCase();
        const operation = (context.commandName ?? 'request').replace(/Command$/, '');
        return (args) => {
            const attempt = (attempts.get(command) ?? 0) + 1;
            attempts.set(command, attempt);
            const status = (result) => result.response?.statusCode;
            return (0,_call_log_js__WEBPACK_IMPORTED_MODULE_1__/* .timedCall */ .O8)(log, { service, operation, region, attempt }, () => next(args), { status });
        };
    }, { step: 'deserialize', priority: 'high', name: 'publishLambdaLayerCallLog' });
}
/**
 * Tags the error a call through `client` ends with (after the SDK's retries) with the call's
 * operation, as `$operation` ('DeleteLayerVersion'; not enumerable), so describeFailure says which
 * AWS call failed wherever the error is reported. Returns `client`; the middleware rejects as the
 * call does.
 */
function nameFailedCalls(client) {
    client.middlewareStack.add((next, context) => async (args) => {
        try {
            return await next(args);
        }
        catch (err) {
            const operation = context.commandName?.replace(/Command$/, '');
            if (operation && typeof err === 'object' && err !== null && !Object.hasOwn(err, '$operation'))
                Object.defineProperty(err, '$operation', { value: operation, enumerable: false, configurable: true });
            throw err;
        }
    }, { step: 'initialize', name: 'publishLambdaLayerOperation' });
    return client;
}


/***/ })

};
