export const id = 921;
export const ids = [921,201,373,885];
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

/***/ 7950:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  defaultCredentialDeps: () => (/* binding */ defaultCredentialDeps),
  describeCaller: () => (/* binding */ describeCaller),
  resolveCredentials: () => (/* binding */ resolveCredentials)
});

// UNUSED EXPORTS: ambientSource

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/credential-provider-env/dist-cjs/index.js
var dist_cjs = __webpack_require__(5606);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/credential-provider-node/dist-cjs/index.js
var credential_provider_node_dist_cjs = __webpack_require__(5861);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var client_sts_dist_cjs = __webpack_require__(1695);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/config/index.js
var config = __webpack_require__(7291);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/inputs/rules.ts
var rules = __webpack_require__(8190);
// EXTERNAL MODULE: ./src/aws/call-log.ts
var call_log = __webpack_require__(6506);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __webpack_require__(7067);
// EXTERNAL MODULE: external "node:https"
var external_node_https_ = __webpack_require__(4708);
// EXTERNAL MODULE: external "node:stream/consumers"
var consumers_ = __webpack_require__(8321);
;// CONCATENATED MODULE: ./node_modules/is-network-error/index.js
const objectToString = Object.prototype.toString;

const isError = value => objectToString.call(value) === '[object Error]';

const errorMessages = new Set([
	'network error', // Chrome
	'NetworkError when attempting to fetch resource.', // Firefox
	'The Internet connection appears to be offline.', // Safari 16
	'Network request failed', // `cross-fetch`
	'fetch failed', // Undici (Node.js)
	'terminated', // Undici (Node.js)
	' A network error occurred.', // Bun (WebKit)
	'Network connection lost', // Cloudflare Workers (fetch)
]);

function isNetworkError(error) {
	const isValid = error
		&& isError(error)
		&& error.name === 'TypeError'
		&& typeof error.message === 'string';

	if (!isValid) {
		return false;
	}

	const {message, stack} = error;

	// Safari 17+ has generic message but no stack for network errors
	if (message === 'Load failed' || (message.startsWith('Load failed (') && message.endsWith(')'))) {
		return stack === undefined
			// Sentry adds its own stack trace to the fetch error, so also check for that
			|| '__sentry_captured__' in error;
	}

	// Deno network errors start with specific text
	if (message.startsWith('error sending request for url')) {
		return true;
	}

	// Chrome: exact "Failed to fetch" or with hostname: "Failed to fetch (example.com)"
	if (message === 'Failed to fetch' || (message.startsWith('Failed to fetch (') && message.endsWith(')'))) {
		return true;
	}

	// Standard network error messages
	return errorMessages.has(message);
}

;// CONCATENATED MODULE: ./node_modules/p-retry/index.js


function validateRetries(retries) {
	if (typeof retries === 'number') {
		if (retries < 0) {
			throw new TypeError('Expected `retries` to be a non-negative number.');
		}

		if (Number.isNaN(retries)) {
			throw new TypeError('Expected `retries` to be a valid number or Infinity, got NaN.');
		}

		// Not `Number.isSafeInteger`, which would reject a huge `retries`. That is accepted on purpose and behaves as effectively forever.
		// eslint-disable-next-line unicorn/prefer-number-is-safe-integer
		if (Number.isFinite(retries) && !Number.isInteger(retries)) {
			throw new TypeError('Expected `retries` to be a non-negative integer or Infinity.');
		}
	} else if (retries !== undefined) {
		throw new TypeError('Expected `retries` to be a number or Infinity.');
	}
}

function validateNumberOption(name, value, {allowInfinity = false} = {}) {
	if (typeof value !== 'number' || Number.isNaN(value)) {
		throw new TypeError(`Expected \`${name}\` to be a number${allowInfinity ? ' or Infinity' : ''}.`);
	}

	if (!allowInfinity && !Number.isFinite(value)) {
		throw new TypeError(`Expected \`${name}\` to be a finite number.`);
	}

	if (value < 0) {
		throw new TypeError(`Expected \`${name}\` to be \u{2265} 0.`);
	}
}

function validateOption(name, value, type) {
	// `null` means "not provided", as it does for the other options. `unref` needs this because it is the one option with no default of its own.
	if (value === undefined || value === null) {
		return;
	}

	if (typeof value !== type) {
		throw new TypeError(`Expected \`${name}\` to be a ${type}.`);
	}
}

function validateSignal(value) {
	// `null` means "not provided", as it does for the other options.
	if (value === undefined || value === null) {
		return;
	}

	// Duck typed rather than `instanceof`, so a signal from another realm still works. All three methods are checked because `removeEventListener` is called from inside a timer callback, where a `TypeError` would be an uncaught exception rather than a rejection the caller could catch.
	if (typeof value.throwIfAborted !== 'function'
		|| typeof value.addEventListener !== 'function'
		|| typeof value.removeEventListener !== 'function') {
		throw new TypeError('Expected `signal` to be an AbortSignal.');
	}
}

class AbortError extends Error {
	constructor(message) {
		super(typeof message === 'string' ? message : undefined);

		this.name = 'AbortError';

		if (message instanceof Error) {
			this.originalError = message;
			({message} = message);
		} else {
			// Created here, so it already captures every caller frame. Copying `this.stack` instead would only rewrite the header, which is rendered lazily from `name` and `message` at read time. It also stringifies a non-string message, so reuse its result below.
			this.originalError = new Error(message);
			({message} = this.originalError);

			// The caller sees this error, so the frame for this constructor is dropped where the runtime supports it. Left in, the top frame blames p-retry for an error the caller threw. An error the caller passed keeps its own stack, which points at their throw site already. V8-only, hence the lint exception, and the optional call leaves the stack as it is where it is missing.
			// eslint-disable-next-line unicorn/no-nonstandard-builtin-properties
			Error.captureStackTrace?.(this.originalError, AbortError);
		}

		this.message = message;
	}
}

// `setTimeout` cannot represent a longer delay and fires it right away instead, which turns a long backoff into a tight retry loop. Cap at the largest value it can still hold.
const maximumDelay = (2 ** 31) - 1;

function calculateDelay(retriesConsumed, options) {
	// Nothing to wait for, and multiplying by a factor that has grown to `Infinity` would give `NaN`.
	if (options.minTimeout === 0) {
		return 0;
	}

	// `retriesConsumed` starts at 0 and only ever counts up, so the first retry is already attempt 1.
	const attempt = retriesConsumed + 1;
	const random = options.randomize ? (Math.random() + 1) : 1;

	const timeout = Math.round(random * options.minTimeout * (options.factor ** (attempt - 1)));

	// `maxTimeout` rounds up, so a fractional cap still gives a whole number of milliseconds. Rounding down would turn a cap below 1 into no timer at all, which never yields to the event loop. `Math.ceil(Infinity)` is `Infinity`.
	return Math.min(timeout, Math.ceil(options.maxTimeout), maximumDelay);
}

function calculateRemainingTime(start, max) {
	return Number.isFinite(max) ? max - (performance.now() - start) : max;
}

async function delayForRetry(delay, options) {
	if (delay <= 0) {
		return;
	}

	await new Promise((resolve, reject) => {
		// Registered with `once`, so it removes itself when it fires.
		const onAbort = () => {
			clearTimeout(timeoutToken);
			reject(options.signal.reason);
		};

		const timeoutToken = setTimeout(() => {
			options.signal?.removeEventListener('abort', onAbort);
			resolve();
		}, delay);

		if (options.unref) {
			timeoutToken.unref?.();
		}

		options.signal?.addEventListener('abort', onAbort, {once: true});
	});
}

// Stringifying a thrown value can itself throw, for an object with no usable `toString`. That must never be allowed to replace the failure the caller is actually dealing with.
//
// A thrown value whose own accessors or proxy traps throw is not supported, here or anywhere else. It comes from the caller's own code, so it is not something to defend against.
function stringifyThrownValue(value) {
	try {
		return String(value);
	} catch {
		return Object.prototype.toString.call(value);
	}
}

// `AbortError` wraps the error the caller actually wants, and the wrappers can be nested, so keep unwrapping until the cause is reached. Otherwise an `AbortError` would escape `pRetry` and a `catch` doing `error instanceof AbortError` would read a real failure as a cancellation.
//
// Two wrappers whose `originalError` points at each other are not supported, like the thrown values above.
function unwrapAbortError(error) {
	let cause = error;

	// A wrapper with no error to unwrap to is the cause as far as it goes.
	while (cause instanceof AbortError && cause.originalError instanceof Error) {
		cause = cause.originalError;
	}

	return cause;
}

async function onAttemptFailure({error, attemptNumber, retriesConsumed, startTime, options}) {
	// The signal is checked after the operation and after every callback, so a cancellation is never reported as an operation failure or a callback's decision, and no callback runs after it. The last check also guards the delay, whose abort listener never fires on a signal that is already aborted.
	const abortIfNeeded = () => {
		options.signal?.throwIfAborted();
	};

	const normalizedError = error instanceof Error
		? error
		: new TypeError(`Non-error was thrown: "${stringifyThrownValue(error)}". You should only throw errors.`);

	// Checked before unwrapping an `AbortError`, because the reason a caller aborted with is final. Unwrapping it would replace the reason they chose with whatever is inside it, and it would also let an `AbortError` from the operation outrank a cancellation the caller asked for.
	abortIfNeeded();

	if (normalizedError instanceof AbortError) {
		throw unwrapAbortError(normalizedError);
	}

	// `retriesConsumed` only ever advances while `retriesLeft` is above 0, so this is never negative. `Infinity` minus a finite count is `Infinity`, so an unlimited budget needs no special case.
	const retriesLeft = options.retries - retriesConsumed;

	// A `TypeError` normally means the operation itself is broken rather than the thing it was trying to reach, so retrying it does not help. A network `TypeError` is the exception, and its message differs per runtime, so it has to be recognised rather than assumed.
	const isRetriableError = !(normalizedError instanceof TypeError) || isNetworkError(normalizedError);

	// Out of time already, out of retries, or a failure that is never retried, so the delay is 0 and the callbacks are told that no retry follows. Only computed when a retry can still follow, so a randomized delay does not draw from `Math.random` for a wait that is never taken.
	const timeLeft = calculateRemainingTime(startTime, options.maxRetryTime);
	const delayTime = isRetriableError && timeLeft > 0 && retriesLeft > 0 ? calculateDelay(retriesConsumed, options) : 0;

	const consumeRetryContext = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: delayTime,
	});

	// No answer means no opinion, so fall back to the default. Treating it as `false` instead would leave `retries` uncounted and let the loop run forever.
	const consumeRetry = (await options.shouldConsumeRetry(consumeRetryContext)) ?? true;

	abortIfNeeded();

	const effectiveDelay = consumeRetry ? delayTime : 0;
	const context = Object.freeze({
		error: normalizedError,
		attemptNumber,
		retriesLeft,
		retriesConsumed,
		retryDelay: effectiveDelay,
	});

	await options.onFailedAttempt(context);

	abortIfNeeded();

	const remainingTime = calculateRemainingTime(startTime, options.maxRetryTime);

	// No time or budget left, or a failure that retrying cannot help with.
	if (
		!isRetriableError
		|| remainingTime <= 0
		|| retriesLeft <= 0
	) {
		throw normalizedError;
	}

	const shouldRetry = await options.shouldRetry(context);

	abortIfNeeded();

	if (!shouldRetry) {
		throw normalizedError;
	}

	const remainingTimeAfterShouldRetry = calculateRemainingTime(startTime, options.maxRetryTime);

	if (remainingTimeAfterShouldRetry <= 0) {
		throw normalizedError;
	}

	if (!consumeRetry) {
		return false;
	}

	await delayForRetry(Math.min(effectiveDelay, remainingTimeAfterShouldRetry), options);

	return true;
}

async function pRetry(input, options = {}) {
	options = {...options};

	// Applied before validating, so that `null` means "not provided" here as it does for every other option.
	options.retries ??= 10;

	validateRetries(options.retries);

	if (Object.hasOwn(options, 'forever')) {
		throw new Error('The `forever` option is no longer supported. For many use-cases, you can set `retries: Infinity` instead.');
	}

	options.factor ??= 2;
	options.minTimeout ??= 1000;
	options.maxTimeout ??= Infinity;
	options.maxRetryTime ??= Infinity;
	options.randomize ??= false;
	options.onFailedAttempt ??= () => {};
	options.shouldRetry ??= () => true;
	options.shouldConsumeRetry ??= () => true;

	// Validate the options that have a runtime type to check.
	validateOption('onFailedAttempt', options.onFailedAttempt, 'function');
	validateOption('shouldRetry', options.shouldRetry, 'function');
	validateOption('shouldConsumeRetry', options.shouldConsumeRetry, 'function');
	validateOption('randomize', options.randomize, 'boolean');
	validateOption('unref', options.unref, 'boolean');
	validateSignal(options.signal);
	validateNumberOption('factor', options.factor);
	validateNumberOption('minTimeout', options.minTimeout);
	validateNumberOption('maxTimeout', options.maxTimeout, {allowInfinity: true});
	validateNumberOption('maxRetryTime', options.maxRetryTime, {allowInfinity: true});

	// A negative factor is rejected above, so this only catches `0`. Treat it as `1` to keep the delay constant instead of dropping to zero after the first retry.
	if (options.factor === 0) {
		options.factor = 1;
	}

	options.signal?.throwIfAborted();

	let attemptNumber = 0;
	let retriesConsumed = 0;
	const startTime = performance.now();

	// A consumed count is always finite, so `Infinity` keeps this true and needs no special case.
	while (retriesConsumed <= options.retries) {
		attemptNumber++;

		try {
			options.signal?.throwIfAborted();

			const result = await input(attemptNumber);

			options.signal?.throwIfAborted();

			return result;
		} catch (error) {
			if (await onAttemptFailure({
				error,
				attemptNumber,
				retriesConsumed,
				startTime,
				options,
			})) {
				retriesConsumed++;
			}
		}
	}

	// Unreachable: `onAttemptFailure` throws once `retriesLeft` reaches 0, which is the same state the loop condition tests, so the loop is always left by a throw. Kept as a guard against a future change to either side breaking that pairing.
	throw new Error('Retry attempts exhausted without throwing an error.');
}

function makeRetriable(function_, options) {
	return function (...arguments_) {
		return pRetry(() => function_.apply(this, arguments_), options);
	};
}

// EXTERNAL MODULE: ./src/aws/proxy.ts
var proxy = __webpack_require__(1373);
;// CONCATENATED MODULE: ./src/aws/oidc.ts
// The GitHub OIDC token request, made here instead of through core.getIDToken: the toolkit
// retries only 502-504, never a 500 or a reset connection, and waits 3 minutes on a silent
// service (@actions/core OidcClient, @actions/http-client); reports of the service failing now
// and then: aws-actions/configure-aws-credentials#395, actions/toolkit#1441. Same request as the
// toolkit's: GET ACTIONS_ID_TOKEN_REQUEST_URL&audience=..., bearer ACTIONS_ID_TOKEN_REQUEST_TOKEN,
// answer {"value": "<JWT>"}.







const OIDC_VARIABLES = ['ACTIONS_ID_TOKEN_REQUEST_URL', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
/** One failed attempt: the HTTP status when the service answered, else what the network did. */
class TokenAttemptError extends Error {
    what;
    retryable;
    status;
    constructor(what, retryable, status) {
        super(what);
        this.what = what;
        this.retryable = retryable;
        this.status = status;
    }
}
/**
 * A fresh GitHub OIDC token for `audience`, masked before it is returned. Retries 5xx, 408, 429,
 * network errors, timeouts and unreadable answers with backoff (1 s, 2 s, 4 s, ...), up to
 * maxAttempts. Throws ActionError: naming the missing variables (the job lacks `permissions:
 * id-token: write`), or the last status or timeout with what to check; CancelledError when
 * `signal` aborts.
 */
async function fetchIdToken(options) {
    const [url, bearer] = OIDC_VARIABLES.map((name) => options.env[name]);
    if (!url || !bearer)
        throw missingVariables(options.env);
    const target = new URL(`${url}&audience=${encodeURIComponent(options.audience)}`);
    try {
        const facts = { service: 'GitHub OIDC', operation: `token for audience ${options.audience}` };
        const failure = (err) => (err instanceof TokenAttemptError ? err.what : (0,call_log/* outcomeOf */.sG)(err));
        const attempt = (n) => (0,call_log/* timedCall */.O8)(options.debug, { ...facts, attempt: n }, () => requestOnce(target, bearer, options), { status: () => 200, failure });
        const token = await pRetry(attempt, {
            retries: options.maxAttempts - 1,
            signal: options.signal,
            minTimeout: options.firstBackoffMs ?? 1000,
            factor: 2,
            shouldRetry: ({ error }) => error instanceof TokenAttemptError && error.retryable,
            // Called before shouldRetry decides: only an attempt that will be retried says "retrying".
            onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
                if (retriesLeft > 0 && error instanceof TokenAttemptError && error.retryable)
                    options.log?.(`GitHub OIDC token request attempt ${attemptNumber} failed (${error.message}); retrying`);
            }
        });
        return token;
    }
    catch (err) {
        if (options.signal?.aborted)
            throw new errors/* CancelledError */.cc('Getting a GitHub OIDC token');
        throw tokenError(err, options);
    }
}
async function requestOnce(url, bearer, options) {
    const timeout = AbortSignal.timeout(options.timeoutSeconds * 1000);
    const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
    let status;
    let body;
    try {
        const response = await get(url, bearer, options.env, signal);
        status = response.statusCode ?? 0;
        body = await (0,consumers_.text)(response);
    }
    catch (err) {
        // Reset, refused, cut mid-answer or silent: the network's doing, worth another try.
        throw new TokenAttemptError(timeout.aborted ? `no answer within ${options.timeoutSeconds} s` : describeNetworkError(err), true);
    }
    if (status !== 200)
        throw new TokenAttemptError(`HTTP ${status}`, isRetryableStatus(status), status);
    const token = oidc_valueOf(body);
    if (!token)
        throw new TokenAttemptError('HTTP 200 without a token in the answer', true, status);
    options.mask(token);
    return token;
}
function get(url, bearer, env, signal) {
    const client = url.protocol === 'https:' ? external_node_https_ : external_node_http_;
    const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/json', 'User-Agent': 'actions/oidc-client' };
    return new Promise((resolve, reject) => {
        client.get(url, { agent: (0,proxy/* agentFor */.P)(url, env), headers, signal }, resolve).on('error', reject);
    });
}
/** 5xx, and the two 4xx that mean "try again later" (RFC 9110: 408 Request Timeout, 429). */
function isRetryableStatus(status) {
    return status >= 500 || status === 408 || status === 429;
}
function oidc_valueOf(body) {
    try {
        const value = JSON.parse(body).value;
        return typeof value === 'string' && value !== '' ? value : undefined;
    }
    catch {
        return undefined;
    }
}
/** "connection reset (ECONNRESET)", or the error's message when it has no code. */
function describeNetworkError(err) {
    const e = (0,errors/* asError */.zR)(err);
    return e.code ? `${e.message} (${e.code})` : e.message;
}
function missingVariables(env) {
    const missing = OIDC_VARIABLES.filter((name) => !env[name]);
    return new errors/* ActionError */.lZ(`role-to-assume is set but the GitHub OIDC token is not available (${missing.join(', ')} missing)`, 'Add `permissions: id-token: write` to the job (or workflow) so GitHub issues an OIDC token');
}
function tokenError(err, options) {
    const attempt = err instanceof TokenAttemptError ? err : new TokenAttemptError((0,errors/* asError */.zR)(err).message, false);
    const tries = attempt.retryable ? ` after ${options.maxAttempts} attempt(s)` : '';
    const message = `Could not get a GitHub OIDC token for audience '${options.audience}': ${attempt.what}${tries}`;
    let fix;
    if (attempt.status === 401 || attempt.status === 403) {
        fix = 'The token service refused ACTIONS_ID_TOKEN_REQUEST_TOKEN: re-run the job (the request token lives for the job only)';
    }
    else if (attempt.status === undefined) {
        fix =
            'Check that the runner can reach the host of ACTIONS_ID_TOKEN_REQUEST_URL (on self-hosted runners: HTTPS_PROXY, NO_PROXY), or raise request-timeout-seconds';
    }
    else {
        fix = "GitHub's token service failed: re-run the job, and check www.githubstatus.com if it persists";
    }
    return new errors/* ActionError */.lZ(message, fix, { cause: err });
}

;// CONCATENATED MODULE: ./src/aws/sts-errors.ts
// What to change when STS refuses AssumeRoleWithWebIdentity, by the failures users meet.

const TRUST_POLICY_FIX = "Check the role's trust policy: it must trust the GitHub OIDC provider, and its token.actions.githubusercontent.com:sub condition must match this workflow's subject (repo:ORG/REPO:..., or the immutable repo:org@ORGID/repo@REPOID:... form) and :aud must match the audience";
/** The SDK names errors after the STS model's shapes, with the `Exception` suffix
 * (InvalidIdentityTokenException, IDPRejectedClaimException, ExpiredTokenException); errors the
 * model does not declare keep the wire code (AccessDenied). */
const FIX_BY_NAME = {
    AccessDenied: TRUST_POLICY_FIX,
    AccessDeniedException: TRUST_POLICY_FIX,
    InvalidIdentityTokenException: 'Check that the OIDC provider in the account is https://token.actions.githubusercontent.com and that the token audience matches its client ID',
    IDPRejectedClaimException: "The role's OIDC provider refused the token's claims: check that the provider is https://token.actions.githubusercontent.com and the trust policy's conditions",
    ExpiredTokenException: 'The OIDC token expired before use: re-run the job',
    RegionDisabledException: 'Activate STS in this region (IAM account settings) or use another aws-region'
};
/** The ActionError for an STS failure: the SDK error's name and message, and for the failures
 * users meet, what they must change. `err` is kept as the cause. Never throws. */
function explainStsError(err, settings) {
    const { name, message } = (0,errors/* asError */.zR)(err);
    const prefix = `Could not assume role ${settings.roleToAssume} (${name}: ${message})`;
    let fix;
    if (/no openidconnect provider/i.test(message)) {
        fix =
            "Create the IAM OIDC identity provider for https://token.actions.githubusercontent.com (audience sts.amazonaws.com) in the role's account";
    }
    else if (/incorrect token audience/i.test(message)) {
        fix = `The token audience '${settings.audience}' is not a client ID of the account's GitHub OIDC provider: set the audience input to match it (sts.amazonaws.com.cn in the China partition)`;
    }
    else if (FIX_BY_NAME[name]) {
        fix = FIX_BY_NAME[name];
    }
    else if (/duration/i.test(message)) {
        fix = "Lower role-duration-seconds to at most the role's MaxSessionDuration";
    }
    return new errors/* ActionError */.lZ(prefix, fix, { cause: err });
}

;// CONCATENATED MODULE: ./src/aws/credentials.ts
// Credentials stage: who the AWS calls run as. With role-to-assume: a GitHub OIDC token, then STS
// AssumeRoleWithWebIdentity, again (with a fresh token) before the session expires. Without: the
// keys in the environment, else the SDK's default chain. Kept in memory for this step's clients
// only (never exported to later steps).











/** The SDK refreshes credentials this long before they expire (@smithy/core EXPIRATION_MS); the
 * shared provider does the same, so the clients never ask it for credentials it would reuse. */
const REFRESH_BEFORE_MS = 300_000;
/**
 * Credentials for every client, resolved once now so a refusal fails the step before any other
 * call. With role-to-assume: one provider, shared by every region's clients, that assumes the
 * role again with a fresh OIDC token when the session is within 5 minutes of expiring; the token
 * and each credential part are masked before anything else. Without: ambientCredentials. Throws
 * ActionError when no OIDC token can be had or STS refuses (explainStsError says why and what to
 * change); InputError (layer-name) when the ambient credentials are of another account than a
 * layer ARN given as layer-name; CancelledError when deps.signal aborts first.
 */
async function resolveCredentials(settings, deps) {
    if (!settings.roleToAssume) {
        // A role's account was checked against a layer ARN with the inputs; these only now.
        const ambient = await ambientCredentials(deps);
        (0,rules/* checkLayerOwner */.lR)(ambient.runsAs, settings.layerName ?? '', `the identity the AWS calls run as (${ambient.runsAs})`);
        return ambient;
    }
    let runsAs;
    const provider = (0,config.memoize)(async () => {
        const assumed = await assumeRole(settings, deps);
        runsAs = assumed.arn;
        return assumed.credentials;
    }, (c) => c.expiration !== undefined && c.expiration.getTime() - Date.now() < REFRESH_BEFORE_MS, (c) => c.expiration !== undefined);
    await provider();
    return { credentials: provider, runsAs };
}
async function assumeRole(settings, deps) {
    const token = await deps.getIDToken(settings.audience);
    let response;
    try {
        response = await deps.sts.send(new client_sts_dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
            RoleArn: settings.roleToAssume,
            RoleSessionName: settings.roleSessionName,
            DurationSeconds: settings.roleDurationSeconds,
            WebIdentityToken: token
        }), { abortSignal: deps.signal });
    }
    catch (err) {
        if (deps.signal?.aborted)
            throw new errors/* CancelledError */.cc(`Assuming ${settings.roleToAssume}`);
        throw explainStsError(err, settings);
    }
    const creds = response.Credentials;
    if (!creds?.AccessKeyId || !creds.SecretAccessKey || !creds.SessionToken) {
        throw new errors/* ActionError */.lZ('STS AssumeRoleWithWebIdentity returned no credentials');
    }
    for (const part of [creds.AccessKeyId, creds.SecretAccessKey, creds.SessionToken])
        deps.setSecret(part);
    deps.debug?.(`Assumed ${settings.roleToAssume}; the session expires at ${creds.Expiration?.toISOString() ?? '(not given)'}`);
    const credentials = {
        accessKeyId: creds.AccessKeyId,
        secretAccessKey: creds.SecretAccessKey,
        sessionToken: creds.SessionToken,
        expiration: creds.Expiration
    };
    return { credentials, arn: response.AssumedRoleUser?.Arn };
}
/** Where credentials come from without role-to-assume, and the warning when two sources are set. */
function ambientSource(env) {
    const keys = Boolean(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY);
    if (!keys)
        return { kind: 'default-chain', label: "the AWS SDK's default credential chain" };
    const label = 'AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY in the environment';
    if (!env.AWS_PROFILE)
        return { kind: 'environment', label };
    // The JS SDK's default chain would take the profile (aws/aws-sdk-js-v3#2549); the AWS CLI and
    // configure-aws-credentials take the keys, which users expect.
    const warning = `Both AWS_PROFILE ('${env.AWS_PROFILE}') and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are set: using the keys in the environment, as the AWS CLI does, not the profile; unset one of them to choose explicitly`;
    return { kind: 'environment', label, warning };
}
/** Names of errors that mean "these credentials are no good" rather than "STS is unreachable". */
const REFUSED = new Set([
    'CredentialsProviderError',
    'InvalidClientTokenId',
    'SignatureDoesNotMatch',
    'ExpiredToken',
    'ExpiredTokenException',
    'UnrecognizedClientException'
]);
/**
 * The keys in the environment (over AWS_PROFILE, with a warning, when both are set) or the SDK's
 * default chain, one provider for every client; and the caller's ARN from GetCallerIdentity.
 * Throws ActionError when no credentials are found or STS refuses them; any other
 * GetCallerIdentity failure is only a warning, the calls themselves will tell.
 */
async function ambientCredentials(deps) {
    const source = ambientSource(deps.env);
    if (source.warning)
        deps.warn(source.warning);
    const credentials = source.kind === 'environment' ? (0,dist_cjs.fromEnv)() : (0,credential_provider_node_dist_cjs.defaultProvider)();
    try {
        return { credentials, runsAs: await deps.callerArn(credentials) };
    }
    catch (err) {
        if (deps.signal?.aborted)
            throw new errors/* CancelledError */.cc('Checking the AWS credentials (STS GetCallerIdentity)');
        if (!REFUSED.has((0,errors/* asError */.zR)(err).name)) {
            deps.warn(`Could not tell which account the AWS calls run as (STS GetCallerIdentity: ${(0,errors/* describeError */.Uc)(err)})`);
            return { credentials };
        }
        const what = (0,errors/* asError */.zR)(err).name === 'CredentialsProviderError' ? 'gave no AWS credentials' : 'gave AWS credentials STS refused';
        throw new errors/* ActionError */.lZ(`${source.label[0].toUpperCase()}${source.label.slice(1)} ${what} (${(0,errors/* describeError */.Uc)(err)})`, 'Set role-to-assume (with `permissions: id-token: write`), or give valid credentials in an earlier step (aws-actions/configure-aws-credentials)', { cause: err });
    }
}
/** "arn (account 123456789012)" for the log line that says who the calls run as. Never throws. */
function describeCaller(arn) {
    if (!arn)
        return 'an unknown identity';
    const account = arn.split(':')[4];
    return account ? `${arn} (account ${account})` : arn;
}
/**
 * The real dependencies, for main.ts: STS through `settings` (endpoint, retries, timeouts, proxy
 * agents), the OIDC token by fetchIdToken with request-timeout-seconds and max-attempts, and
 * @actions/core's masking and log; every call stopped when `signal` (the run's cancel) aborts.
 * Never throws.
 */
function defaultCredentialDeps(settings, env, signal) {
    return {
        signal,
        sts: (0,clients/* createStsClient */.u)(settings),
        getIDToken: (audience) => fetchIdToken({
            audience,
            env,
            timeoutSeconds: settings.requestTimeoutSeconds,
            maxAttempts: settings.maxAttempts,
            mask: (token) => core.setSecret(token),
            log: (message) => core.info(message),
            debug: call_log/* stepDebug */.W$,
            signal
        }),
        setSecret: (value) => core.setSecret(value),
        env,
        callerArn: async (credentials) => (await (0,clients/* createSignedStsClient */.w)(settings, credentials).send(new client_sts_dist_cjs/* GetCallerIdentityCommand */.zI({}), { abortSignal: signal })).Arn,
        warn: (message) => core.warning(message),
        debug: (message) => core.debug(message)
    };
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


/***/ }),

/***/ 1373:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P: () => (/* binding */ agentFor),
/* harmony export */   proxyAgents: () => (/* binding */ proxyAgents),
/* harmony export */   proxyVariables: () => (/* binding */ proxyVariables),
/* harmony export */   proxyWarning: () => (/* binding */ proxyWarning)
/* harmony export */ });
/* unused harmony export nodeHonoursProxyEnv */
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7067);
/* harmony import */ var node_http__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_http__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4708);
/* harmony import */ var node_https__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_https__WEBPACK_IMPORTED_MODULE_1__);
// Proxies for self-hosted runners: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case), read by
// Node's own http/https Agents (`proxyEnv`, Node 24.5+). The AWS SDK's NodeHttpHandler ignores
// the variables (aws/aws-sdk-js-v3#2228) but takes agents, and the OIDC token request goes
// through the same agents, so one set of rules decides for every call this step makes.


const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];
/** The proxy variables set in `env`, by name. Never throws. */
function proxyVariables(env) {
    return PROXY_VARIABLES.filter((name) => env[name]);
}
/** Node's `proxyEnv` Agent option arrived in 24.5.0 (Node changelog, "Built-in proxy support in
 * request() and Agent"); older versions ignore it silently. */
function nodeHonoursProxyEnv(version = process.versions.node) {
    const [major, minor] = version.split('.').map(Number);
    return major > 24 || (major === 24 && minor >= 5);
}
let shared;
/**
 * The agents that send requests through the proxy `env` names (NO_PROXY honoured, decided per
 * request), made once per environment and shared: keep-alive, at most 50 sockets per host (the
 * SDK's own default). Undefined when no proxy variable is set, so the SDK keeps its own agents.
 * Never throws.
 */
function proxyAgents(env) {
    if (proxyVariables(env).length === 0)
        return undefined;
    if (shared?.env !== env) {
        const options = { keepAlive: true, maxSockets: 50, proxyEnv: env };
        shared = { env, agents: { httpAgent: new node_http__WEBPACK_IMPORTED_MODULE_0__.Agent(options), httpsAgent: new node_https__WEBPACK_IMPORTED_MODULE_1__.Agent(options) } };
    }
    return shared.agents;
}
/** The agent for a request to `url`: a proxying one when a proxy is set, else Node's default
 * (undefined). Never throws. */
function agentFor(url, env) {
    const agents = proxyAgents(env);
    if (!agents)
        return undefined;
    return url.protocol === 'https:' ? agents.httpsAgent : agents.httpAgent;
}
/** The warning for a proxy this Node cannot use, else undefined; names the variables, never their
 * values (a proxy URL may hold a password). Never throws. */
function proxyWarning(env, version = process.versions.node) {
    const names = proxyVariables(env);
    if (names.length === 0 || nodeHonoursProxyEnv(version))
        return undefined;
    return `${names.join(', ')} is set, but Node ${version} ignores it for AWS calls and the OIDC token request: proxies need Node 24.5 or later (update the runner)`;
}


/***/ })

};
