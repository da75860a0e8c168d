// @ts-check
// Errors thrown by handlers and their rendering in each service's wire format.
import { randomUUID } from 'node:crypto'
import { JSON_FAULT_DEFAULTS, renderAwsJsonError, renderRestJsonError } from './errors-json.js'
import { jsonReply, xmlEscape } from './http-util.js'

/** @typedef {import('./http-util.js').Reply} Reply */
/** @typedef {'lambda'|'sts'|'s3'|'oidc'|'github'|'ssm'|'signer'} ServiceName */

/**
 * @typedef {object} ApiErrorExtra
 * @property {'message'|'Message'} [messageKey] JSON key carrying the message (Lambda uses both)
 * @property {string} [type] Lambda `Type` / STS `<Type>`
 * @property {Record<string, string>} [headers]
 * @property {Record<string, string|number>} [fields] extra body fields (S3 <Key>, Lambda Reason)
 */

export class ApiError extends Error {
  /**
   * @param {string} code error name as it travels on the wire (x-amzn-errortype, <Code>)
   * @param {number} status
   * @param {string} message
   * @param {ApiErrorExtra} [extra]
   */
  constructor(code, status, message, extra = {}) {
    super(message)
    this.code = code
    this.status = status
    this.extra = extra
  }
}

// Lambda errors whose body uses `Message` (capital M), per the recordings.
const CAPITAL_MESSAGE = new Set(['ResourceNotFoundException', 'ServiceException'])
// Errors of the request layer in front of Lambda's own code (the common errors): the recordings
// show ValidationException as a bare {message}; ThrottlingException is taken to look the same.
const BARE_BODY = new Set(['ValidationException', 'ThrottlingException'])

export const lambdaError = {
  /** @param {string} message */
  validation: (message) => new ApiError('ValidationException', 400, message),
  /** @param {string} message */
  invalidParameter: (message) => new ApiError('InvalidParameterValueException', 400, message),
  notFound: (message = 'The resource you requested does not exist.') => new ApiError('ResourceNotFoundException', 404, message),
  /** @param {string} message */
  conflict: (message) => new ApiError('ResourceConflictException', 409, message),
  /** @param {string} message */
  precondition: (message) => new ApiError('PreconditionFailedException', 412, message),
  /** @param {string} message */
  tooLarge: (message) => new ApiError('RequestEntityTooLargeException', 413, message)
}

/**
 * Lambda rest-json error: {Type, message|Message} plus x-amzn-errortype, which the SDK reads first.
 * @param {ApiError} err
 * @param {string} requestId
 * @returns {Reply}
 */
export function renderLambdaError(err, requestId) {
  /** @type {Record<string, unknown>} */
  const body = {}
  if (!BARE_BODY.has(err.code)) body.Type = err.extra.type ?? (err.status >= 500 ? 'Service' : 'User')
  body[err.extra.messageKey ?? (CAPITAL_MESSAGE.has(err.code) ? 'Message' : 'message')] = err.message
  Object.assign(body, err.extra.fields)
  return jsonReply(err.status, body, {
    'x-amzn-errortype': err.code,
    'x-amzn-requestid': requestId,
    ...err.extra.headers
  })
}

/**
 * STS (query protocol) error document.
 * @param {ApiError} err
 * @param {string} requestId
 * @returns {Reply}
 */
export function renderStsError(err, requestId) {
  const type = err.extra.type ?? (err.status >= 500 ? 'Receiver' : 'Sender')
  const xml =
    '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
    `  <Error>\n    <Type>${type}</Type>\n    <Code>${xmlEscape(err.code)}</Code>\n` +
    `    <Message>${xmlEscape(err.message)}</Message>\n  </Error>\n` +
    `  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`
  return { status: err.status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': requestId, ...err.extra.headers }, body: xml }
}

/**
 * S3 REST-XML error; HEAD responses carry no body, as on S3.
 * @param {ApiError} err
 * @param {string} requestId
 * @param {string} method
 * @returns {Reply}
 */
export function renderS3Error(err, requestId, method) {
  const headers = { 'x-amz-request-id': requestId, 'x-amz-id-2': 'emulator', ...err.extra.headers }
  if (method === 'HEAD') return { status: err.status, headers }
  const fields = Object.entries(err.extra.fields ?? {})
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join('')
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${xmlEscape(err.code)}</Code><Message>${xmlEscape(err.message)}</Message>${fields}` +
    `<RequestId>${requestId}</RequestId><HostId>emulator</HostId></Error>`
  return { status: err.status, headers: { 'content-type': 'application/xml', ...headers }, body: xml }
}

/**
 * GitHub REST and the OIDC endpoint answer JSON {message}.
 * @param {ApiError} err
 * @returns {Reply}
 */
export function renderGithubError(err) {
  return jsonReply(
    err.status,
    { message: err.message, documentation_url: 'https://docs.github.com/rest', ...err.extra.fields },
    err.extra.headers
  )
}

/**
 * @param {ServiceName} service
 * @param {ApiError} err
 * @param {string} method
 * @param {string} [requestId]
 * @returns {Reply}
 */
export function renderError(service, err, method, requestId = randomUUID()) {
  switch (service) {
    case 'lambda':
      return renderLambdaError(err, requestId)
    case 'sts':
      return renderStsError(err, requestId)
    case 's3':
      return renderS3Error(err, requestId, method)
    case 'ssm':
      return renderAwsJsonError(err, requestId)
    case 'signer':
      return renderRestJsonError(err, requestId)
    default:
      return renderGithubError(err)
  }
}

/** Default error name and message of an injected fault, per service and status. */
const FAULT_DEFAULTS = {
  lambda: {
    429: ['TooManyRequestsException', 'Rate exceeded'],
    400: ['InvalidParameterValueException', 'Injected fault'],
    5: ['ServiceException', 'An internal error occurred.']
  },
  sts: {
    429: ['Throttling', 'Rate exceeded'],
    400: ['Throttling', 'Rate exceeded'],
    5: ['InternalFailure', 'An internal error occurred.']
  },
  s3: {
    429: ['SlowDown', 'Please reduce your request rate.'],
    503: ['SlowDown', 'Please reduce your request rate.'],
    5: ['InternalError', 'We encountered an internal error. Please try again.']
  },
  oidc: { 5: ['InternalServerError', 'Internal server error'] },
  github: {
    403: ['Forbidden', 'API rate limit exceeded'],
    429: ['TooManyRequests', 'API rate limit exceeded'],
    5: ['InternalServerError', 'Server Error']
  },
  ...JSON_FAULT_DEFAULTS
}

/** Messages of error names whatever the status (throttling answers say "Rate exceeded"). */
const NAME_MESSAGES = {
  ThrottlingException: 'Rate exceeded',
  TooManyRequestsException: 'Rate exceeded',
  Throttling: 'Rate exceeded'
}

/**
 * Build the ApiError an injected fault answers with.
 * @param {ServiceName} service
 * @param {{ status: number, errorName?: string, message?: string, retryAfter?: number }} fault
 */
export function faultError(service, fault) {
  /** @type {Record<number, string[]>} */
  const defaults = FAULT_DEFAULTS[service]
  const [defaultName, defaultMessage] = defaults[fault.status] ??
    (fault.status >= 500 ? defaults[5] : undefined) ?? ['InjectedFault', 'Injected fault']
  const name = fault.errorName ?? defaultName
  /** @type {Record<string, string>} */
  const byName = NAME_MESSAGES
  const message = fault.message ?? (fault.errorName ? byName[fault.errorName] : undefined) ?? defaultMessage
  /** @type {ApiErrorExtra} */
  const extra = {}
  if (fault.retryAfter !== undefined) extra.headers = { 'retry-after': String(fault.retryAfter) }
  if (service === 'lambda' && name === 'TooManyRequestsException') extra.fields = { Reason: 'CallerRateLimitExceeded' }
  return new ApiError(name, fault.status, message, extra)
}
