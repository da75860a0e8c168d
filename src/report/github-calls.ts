// The GitHub API calls of the PR comment, one debug line each, as the AWS calls have
// (aws/call-log.ts): method and path template, attempt, time and status, never the token; and
// each bounded by request-timeout-seconds and the run's cancel.
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

/**
 * Bounds every request `octokit` makes from now on (REST, GraphQL, each page of a list): each
 * gives up after `timeoutSeconds` without its whole answer (request-timeout-seconds), and all stop
 * when `signal` aborts (the runner's cancel). Octokit's own `request.signal` option, set per
 * request by a `hook.wrap`: @octokit/request has no timeout option of its own, and undici waits
 * 5 minutes for the headers of a silent host. A request that times out rejects with an Error
 * named TimeoutError that says how long it waited. Returns `octokit`; never throws.
 */
export function boundRequests(octokit: Octokit, timeoutSeconds: number, signal?: AbortSignal): Octokit {
  octokit.hook.wrap('request', async (request, options) => {
    const timeout = AbortSignal.timeout(timeoutSeconds * 1000)
    const bounded = signal ? AbortSignal.any([signal, timeout]) : timeout
    // In place: the hooks within this one were bound to this options object (before-after-hook).
    options.request = { ...options.request, signal: bounded }
    try {
      return await request(options)
    } catch (err) {
      if (!timeout.aborted || signal?.aborted) throw err
      const late = new Error(`no answer within ${timeoutSeconds} s (request-timeout-seconds)`, { cause: err })
      late.name = 'TimeoutError'
      throw late
    }
  })
  return octokit
}
