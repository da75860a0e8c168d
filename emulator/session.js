// @ts-check
// The session-token check (sts.js credentialError) for the JSON services added beside Lambda.
// The error names are the ones Lambda uses (UnrecognizedClientException, ExpiredTokenException);
// only the status differs per service.
import { ApiError } from './errors.js'
import { credentialError } from './sts.js'

/**
 * The error a request with a bad or expired temporary key gets, or undefined.
 * @param {import('./server.js').Ctx} ctx
 * @param {number} status SSM (AWS JSON 1.1) answers 400: "Status Code: 400; Error Code:
 *   UnrecognizedClientException" (coveooss/spring-boot-parameter-store-integration#3)
 * @returns {ApiError | undefined}
 */
export function sessionError(ctx, status) {
  const err = credentialError(ctx, 'lambda')
  return err && new ApiError(err.code, status, err.message)
}
