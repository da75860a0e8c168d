export const id = 201;
export const ids = [201];
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
/* harmony import */ var _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(1696);
/* harmony import */ var _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1695);
// AWS client construction, in one place so every client shares region, endpoint, retries and
// timeouts. Stages receive clients; tests build their own against the emulator.


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
/** An STS client for AssumeRoleWithWebIdentity, which is unsigned: it needs no credentials (STS
 * API reference). Making a client calls nothing and never throws. */
function createStsClient(settings) {
    return new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .STSClient */ .iM({
        ...baseConfig(settings, settings.region),
        // The web-identity call carries its own proof; do not let the SDK hunt for credentials.
        credentials: { accessKeyId: '', secretAccessKey: '' }
    });
}
/** A signed STS client in aws-region, for GetCallerIdentity (no permission needed: STS API
 * reference). Never throws. */
function createSignedStsClient(settings, credentials) {
    return new _aws_sdk_client_sts__WEBPACK_IMPORTED_MODULE_0__/* .STSClient */ .iM({ ...baseConfig(settings, settings.region), credentials });
}
/** A Lambda client in `region`; `maxAttempts: 1` gives the client for calls whose retries must be
 * ours (see publish/retry.ts). Never throws; without credentials the SDK's default chain applies. */
function createLambdaClient(settings, credentials, region = settings.region, maxAttempts) {
    return new _aws_sdk_client_lambda__WEBPACK_IMPORTED_MODULE_1__/* .LambdaClient */ .Nox({ ...baseConfig(settings, region, maxAttempts), credentials });
}
/** An S3 client in `region`, path-style for custom endpoints. Loaded lazily: the S3 SDK is only
 * needed for archives uploaded through a bucket. Never throws. */
async function createS3Client(settings, credentials, region = settings.region) {
    const { S3Client } = await __webpack_require__.e(/* import() */ 711).then(__webpack_require__.t.bind(__webpack_require__, 3711, 19));
    return new S3Client({
        ...baseConfig(settings, region),
        credentials,
        // Custom endpoints (LocalStack, the emulator) serve buckets by path, not by host name.
        forcePathStyle: Boolean(settings.endpointUrl)
    });
}
/** An AWS Signer client in `region`, for code signing (the profile check, the signing job and its
 * waiter). Loaded lazily: only runs with signing-profile-name need it. Never throws. */
async function createSignerClient(settings, credentials, region) {
    const { SignerClient } = await __webpack_require__.e(/* import() */ 935).then(__webpack_require__.t.bind(__webpack_require__, 9935, 19));
    return new SignerClient({ ...baseConfig(settings, region), credentials });
}
/** An SSM client in `region`, for the ssm-parameter write. Loaded lazily: only runs with
 * ssm-parameter need the SSM SDK. Never throws. */
async function createSsmClient(settings, credentials, region) {
    const { SSMClient } = await __webpack_require__.e(/* import() */ 736).then(__webpack_require__.t.bind(__webpack_require__, 4736, 19));
    return new SSMClient({ ...baseConfig(settings, region), credentials });
}


/***/ })

};
