// @ts-check
// Regions that differ from the others: a newly launched region has refused optional
// PublishLayerVersion fields that older regions accept. The answer, as public reports show it
// (elastic/apm-aws-lambda#112 and #144 for af-south-1; aws-solutions-library-samples/
// guidance-for-clickstream-analytics-on-aws#48 for me-central-1, "Status Code: 400; Error Code:
// InvalidParameterValueException"): "CompatibleArchitectures are not supported in af-south-1.
// Please remove the CompatibleArchitectures value from your request and try again".
import { lambdaError } from './errors.js'

/**
 * Throw the region's refusal when the request carries a field the region does not support. A
 * field counts as carried whenever it is in the JSON body, even as an empty list (unsourced:
 * the reports do not say; refusing is the stricter reading).
 * @param {import('./emulator.js').Emulator} emu
 * @param {string} region
 * @param {Record<string, unknown>} body
 */
export function refuseUnsupportedFields(emu, region, body) {
  for (const field of emu.unsupportedFields.get(region) ?? []) {
    if (body[field] !== undefined) {
      throw lambdaError.invalidParameter(
        `${field} are not supported in ${region}. Please remove the ${field} value from your request and try again`
      )
    }
  }
}
