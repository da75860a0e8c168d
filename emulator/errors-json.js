// @ts-check
// Error wire formats of the JSON services beside Lambda, and their injected-fault defaults.
// SSM speaks AWS JSON 1.1: status 400 (500 for InternalServerError), body {"__type", "message"}
// (ssm-2014-11-06 model: "protocol": "json", "jsonVersion": "1.1"). Signer speaks REST-JSON: the
// name in x-amzn-errortype, body {"message"}, the status the model's httpError trait gives
// (signer-2017-08-25). No imports from errors.js, so errors.js can use these without a cycle.
import { jsonReply } from './http-util.js'

/** @typedef {import('./http-util.js').Reply} Reply */
/** @typedef {{ code: string, status: number, message: string, extra: { messageKey?: string, headers?: Record<string, string>, fields?: Record<string, string|number> } }} WireError */

/**
 * AWS JSON 1.1 error (SSM). An empty message is left out: ParameterNotFound comes back without
 * one (public reports: "ParameterNotFound: null", vandium-io/aws-param-store#8).
 * @param {WireError} err
 * @param {string} requestId
 * @returns {Reply}
 */
export function renderAwsJsonError(err, requestId) {
  /** @type {Record<string, unknown>} */
  const body = { __type: err.code }
  if (err.message) body[err.extra.messageKey ?? 'message'] = err.message
  Object.assign(body, err.extra.fields)
  return {
    status: err.status,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': requestId, ...err.extra.headers },
    body: JSON.stringify(body)
  }
}

/**
 * REST-JSON error (Signer): name in x-amzn-errortype, body {message}.
 * @param {WireError} err
 * @param {string} requestId
 * @returns {Reply}
 */
export function renderRestJsonError(err, requestId) {
  return jsonReply(
    err.status,
    { message: err.message, ...err.extra.fields },
    { 'x-amzn-errortype': err.code, 'x-amzn-requestid': requestId, ...err.extra.headers }
  )
}

/**
 * Default error name and message of an injected fault, per status (5 = any 5xx). SSM throttles
 * with 400 ThrottlingException "Rate exceeded" (aws-ia/terraform-aws-control_tower_account_factory#271);
 * Signer's 429 is TooManyRequestsException (the model deprecates ThrottlingException for it).
 */
export const JSON_FAULT_DEFAULTS = {
  ssm: {
    400: ['ThrottlingException', 'Rate exceeded'],
    429: ['ThrottlingException', 'Rate exceeded'],
    5: ['InternalServerError', 'An error occurred on the server side.']
  },
  signer: {
    429: ['TooManyRequestsException', 'Rate exceeded'],
    400: ['ValidationException', 'Injected fault'],
    5: ['InternalServiceErrorException', 'An internal error occurred.']
  }
}
