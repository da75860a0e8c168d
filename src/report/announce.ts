// Report stage, PR part: one sticky comment per layer on pull_request events. A comment that
// cannot be written warns: the layer itself was published, and that is what the step is for.
import * as core from '@actions/core'
import { stepDebug } from '../aws/call-log.js'
import { ActionError, CancelledError, describeError } from '../errors.js'
import type { CommentRow } from './comment.js'
import { boundRequests, logGithubCalls } from './github-calls.js'
import type { Outcome } from './outcome.js'

/** One comment row per region of the outcome. Never throws. */
export function commentRows(outcome: Outcome): CommentRow[] {
  return outcome.regions.map((r) =>
    // A failed region may still have a live, shared version (a later step failed): its ARN shows.
    ({
      region: r.region,
      layerVersionArn: r.version?.layerVersionArn,
      published: r.published,
      deleted: r.ok && outcome.settings.mode === 'delete' ? r.deleted : undefined,
      error: r.ok ? undefined : r.error
    })
  )
}

/** Writes or updates the PR comment on pull_request events, else leaves a notice; each GitHub
 * request bounded by request-timeout-seconds and stopped when `signal` aborts. Never throws: a
 * comment that cannot be written becomes a warning. */
export async function announceOnPr(outcome: Outcome, signal?: AbortSignal): Promise<void> {
  try {
    await announce(outcome, signal)
  } catch (err) {
    // The fix comment.ts chose (a fork's read-only token, a missing permission) is the one to show.
    const fix =
      err instanceof CancelledError || (err instanceof ActionError && err.fix)
        ? undefined
        : 'Give the job `permissions: pull-requests: write`, and use a token that may comment on this repository'
    core.warning(describeError(new ActionError(`Could not write the PR comment: ${describeError(err)}`, fix)))
  }
}

async function announce(outcome: Outcome, signal?: AbortSignal): Promise<void> {
  const { settings } = outcome
  // @actions/github is loaded only here: most runs never comment.
  const { getOctokit } = await import('@actions/github')
  const { commentBody, prContextFromGithub, upsertPrComment } = await import('./comment.js')
  const ctx = prContextFromGithub()
  if (ctx.prNumber === undefined) {
    core.notice(`comment-on-pr: '${ctx.eventName}' is not a pull request event, so no PR comment was written`)
    return
  }
  if (!settings.githubToken) {
    core.warning("comment-on-pr is true but 'github-token' is empty: no PR comment was written")
    return
  }
  // A failed region still lists what it deleted before the failure.
  const failedRegions = outcome.regions.filter((r) => !r.ok).map((r) => r.region)
  const deleted = settings.mode === 'delete' ? { deleted: outcome.regions.flatMap((r) => r.deleted ?? []), failedRegions } : undefined
  const body = commentBody(settings.layerName, commentRows(outcome), { deleted })
  // Bounded outermost: the call log sees each request's own end, a timeout included.
  const octokit = boundRequests(logGithubCalls(getOctokit(settings.githubToken), stepDebug), settings.requestTimeoutSeconds, signal)
  const result = await upsertPrComment(octokit, ctx, settings.layerName, body)
  if (result.action === 'skipped') core.notice(`PR comment skipped: ${result.reason}`)
  else core.info(`PR comment ${result.action} (id ${result.id})`)
}
