// The GitHub API calls of the PR comment, one debug line each, as the AWS calls have
// (aws/call-log.ts): method and path template, attempt, time and status, never the token.
import { outcomeOf, timedCall, type CallLog } from '../aws/call-log.js'
import type { Octokit } from './comment.js'

/** The path of a request without host or query ("/repos/{owner}/{repo}/issues/{issue_number}/comments"
 * as octokit names it, or a next page's path). Never throws. */
function pathOf(url: string): string {
  return url.startsWith('/') ? url.split('?')[0] : new URL(url, 'https://api.github.invalid').pathname
}

/** Logs every request `octokit` sends to `log`. The toolkit's client does not retry, so each
 * request is its only attempt. Returns `octokit`. */
export function logGithubCalls(octokit: Octokit, log: CallLog): Octokit {
  octokit.hook.wrap('request', (request, options) => {
    const facts = { service: 'GitHub API', operation: `${options.method} ${pathOf(options.url)}`, attempt: 1 }
    const failure = (err: unknown) => {
      const status = (err as { status?: unknown }).status
      return typeof status === 'number' ? `${outcomeOf(err)} (HTTP ${status})` : outcomeOf(err)
    }
    return timedCall(log, facts, () => Promise.resolve(request(options)), { status: (r) => r.status, failure })
  })
  return octokit
}
