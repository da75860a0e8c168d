export const id = 885;
export const ids = [885];
export const modules = {

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
