// What a region's failure means given how the other regions fared. An opt-in region the account
// has not enabled answers every call with 403 UnrecognizedClientException "The security token
// included in the request is invalid." (epsagon/clear-lambda-storage#9 in ap-east-1,
// brefphp/extra-php-extensions#384 in eu-south-2, fixed by enabling the region): the same answer
// bad credentials get, so only the other regions tell the two apart.
import { ActionError, describeError, describeFailure, findCause } from '../errors.js'

/** How each region ended, as far as hints need it (fan-out.ts RegionResult). */
type Ended = { region: string } & ({ ok: true } | { ok: false; error: string })

const REFUSED_TOKEN = 'UnrecognizedClientException'

/**
 * The description of `err`, the failure of `region` (describeFailure: a bare AWS error names its
 * operation), with what to do when Lambda did not
 * recognise the credentials there: the region is likely not enabled when another region accepted
 * them; either cause is possible when none did. Never throws.
 */
export function describeRegionFailure(err: unknown, region: string, results: Ended[]): string {
  if (!findCause(err, (e) => e.name === REFUSED_TOKEN)) return describeFailure(err)
  const othersAccepted = results.some((r) => r.region !== region && (r.ok || !r.error.includes(REFUSED_TOKEN)))
  const fix = othersAccepted
    ? `The same credentials work in other regions, so ${region} is most likely an opt-in region not enabled for this account: enable it (AWS console, Account, AWS Regions) or remove it from regions`
    : `Check the credentials; if ${region} is an opt-in region, it may not be enabled for this account (AWS console, Account, AWS Regions)`
  return describeError(new ActionError(describeFailure(err), fix))
}
