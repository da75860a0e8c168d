// PR comment stage: one sticky comment per layer, found again by a hidden marker and edited in
// place, so a PR that is pushed to ten times shows one up-to-date comment, not ten. Only the
// token's own comments count: anyone can paste the marker, and a token with write access may edit
// anyone's comment (GitHub GraphQL CommentCannotEditReason).
import { context, type getOctokit } from '@actions/github'
import { ActionError, CancelledError, findCause } from '../errors.js'
import { andList, plural } from './markdown.js'

/** The REST client @actions/github makes. */
export type Octokit = ReturnType<typeof getOctokit>

/** The pull request a run is about, if any. */
export interface PrContext {
  eventName: string
  owner: string
  repo: string
  /** Set on pull request events only. */
  prNumber?: number
  /** The pull request comes from a fork: its runs get a read-only GITHUB_TOKEN. */
  fromFork?: boolean
}

/** One region's row in the comment. */
export interface CommentRow {
  region: string
  layerVersionArn?: string
  /** false when an existing version was reused (skip-unchanged). */
  published?: boolean
  /** mode: delete: the versions deleted in the region. */
  deleted?: string[]
  error?: string
}

/** What became of the comment: its id, or why it was skipped. */
export type UpsertResult = { action: 'created' | 'updated' | 'skipped'; id?: number; reason?: string }

/** The parts of @actions/github's context this module reads; tests pass their own. */
export interface GithubContextLike {
  eventName: string
  payload: { pull_request?: { number: number; head?: { repo?: { full_name?: string } | null }; base?: { repo?: { full_name?: string } } } }
  readonly repo: { owner: string; repo: string }
}

/** pull_request_target runs in the base repository but is about the same PR. */
const PR_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** The PR of the run's event (prNumber only on pull_request and pull_request_target). Never throws. */
export function prContextFromGithub(source: GithubContextLike = context): PrContext {
  const { owner, repo } = source.repo
  const eventName = source.eventName
  const pr = PR_EVENTS.has(eventName) ? source.payload.pull_request : undefined
  const head = pr?.head?.repo?.full_name
  const fromFork = pr ? Boolean(head && head !== (pr.base?.repo?.full_name ?? `${owner}/${repo}`)) : undefined
  return { eventName, owner, repo, prNumber: pr?.number, fromFork }
}

/** The hidden marker that finds the layer's comment again; ` -->` ends it, so `my-deps` never
 * matches `my-deps-pr-1`. Never throws. */
export function commentMarker(layerName: string): string {
  return `<!-- publish-lambda-layer:${layerName} -->`
}

/** What mode: delete adds to the comment: the versions deleted, and the regions where it failed. */
export interface DeleteNote {
  deleted: string[]
  failedRegions: string[]
}

/** The comment's Markdown: marker, title, one row per region, and what mode: delete removed (or
 * could not remove). Never throws. */
export function commentBody(layerName: string, rows: CommentRow[], extra: { deleted?: DeleteNote } = {}): string {
  const lines = [commentMarker(layerName), `### Lambda layer \`${layerName}\``, '']
  if (rows.length > 0) {
    lines.push('| region | layer version | status |', '|---|---|---|')
    for (const row of rows) lines.push(`| ${cell(row.region)} | ${arnCell(row.layerVersionArn)} | ${statusOf(row)} |`)
    lines.push('')
  }
  if (extra.deleted) lines.push(...deletedSection(extra.deleted))
  return lines.join('\n').trimEnd() + '\n'
}

function statusOf(row: CommentRow): string {
  if (row.error !== undefined) return `failed: ${cell(row.error)}`
  if (row.deleted) return row.deleted.length === 0 ? 'nothing to delete' : `${plural(row.deleted.length, 'version')} deleted`
  if (row.published === false) return 'reused (unchanged)'
  return 'published'
}

/** Removed only when every region succeeded: a region that failed may still hold live versions. */
function deletedSection({ deleted, failedRegions }: DeleteNote): string[] {
  const list = [...deleted.map((arn) => `- \`${arn}\``), '']
  const count = plural(deleted.length, 'version')
  if (failedRegions.length > 0) {
    const done = deleted.length > 0 ? ` ${count} deleted:` : ''
    return [`Could not remove the preview layer in ${andList(failedRegions)}: its versions there may still be live.${done}`, '', ...list]
  }
  if (deleted.length === 0) return ['The preview layer was removed: no versions were left to delete.', '']
  return [`The preview layer was removed: ${count} deleted.`, '', ...list]
}

function arnCell(arn: string | undefined): string {
  return arn ? `\`${arn}\`` : '-'
}

/** Table cells are one line, and a `|` would end the cell early. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

/** Who a token acts as, as comments name their author. */
export interface TokenIdentity {
  login: string
  /** The account's numeric id (GraphQL databaseId, REST user.id). */
  id?: number
}

/** Who the token acts as: GraphQL `viewer`, which answers for personal access tokens and for
 * installation tokens (GITHUB_TOKEN is github-actions[bot]) alike, where REST GET /user answers
 * installation tokens 403 (actions/create-github-app-token#258). Throws octokit's error. */
export async function tokenIdentity(octokit: Octokit): Promise<TokenIdentity> {
  const { viewer } = await octokit.graphql<{ viewer: { login: string; databaseId?: number | null } }>(
    'query { viewer { login databaseId } }'
  )
  return { login: viewer.login, id: viewer.databaseId ?? undefined }
}

/** Whether the comment's author is `who`: by id when both have one, else by login. */
function writtenBy(user: { login: string; id?: number } | null | undefined, who: TokenIdentity): boolean {
  if (!user) return false
  return who.id !== undefined && user.id !== undefined ? user.id === who.id : user.login === who.login
}

/**
 * Edits the layer's comment on the PR (one by the token's own identity that carries the marker),
 * or creates it; skips events that are not about a pull request. Returns what it did. Throws
 * ActionError, with the HTTP status and a fix for 403/404 (read-only tokens of forks, missing
 * pull-requests: write), when GitHub refuses.
 */
export async function upsertPrComment(octokit: Octokit, ctx: PrContext, layerName: string, body: string): Promise<UpsertResult> {
  if (!PR_EVENTS.has(ctx.eventName) || ctx.prNumber === undefined) {
    return { action: 'skipped', reason: `comment-on-pr only comments on pull_request events; this run is a ${ctx.eventName} event` }
  }
  const where = { owner: ctx.owner, repo: ctx.repo }
  try {
    const existing = await findComment(octokit, ctx, commentMarker(layerName), await tokenIdentity(octokit))
    if (existing !== undefined) {
      await octokit.rest.issues.updateComment({ ...where, comment_id: existing, body })
      return { action: 'updated', id: existing }
    }
    const created = await octokit.rest.issues.createComment({ ...where, issue_number: ctx.prNumber, body })
    return { action: 'created', id: created.data.id }
  } catch (err) {
    throw commentError(ctx, err)
  }
}

/** Pages through the PR's comments, stopping at the first page that has ours. */
async function findComment(octokit: Octokit, ctx: PrContext, marker: string, who: TokenIdentity): Promise<number | undefined> {
  const ids = await octokit.paginate(
    octokit.rest.issues.listComments,
    { owner: ctx.owner, repo: ctx.repo, issue_number: ctx.prNumber as number, per_page: 100 },
    (response, done) => {
      const match = response.data.find((c) => writtenBy(c.user, who) && c.body?.includes(marker))
      if (!match) return []
      done()
      return [match.id]
    }
  )
  return ids[0]
}

function commentError(ctx: PrContext, err: unknown): ActionError {
  const target = `${ctx.owner}/${ctx.repo}#${ctx.prNumber}`
  // Checked first: Octokit gives an aborted request the status 500, which GitHub never sent.
  const stopped = findCause(err, (e) => e.name === 'TimeoutError' || e.name === 'AbortError')
  if (stopped?.name === 'AbortError') return new CancelledError(`Commenting on ${target}`)
  if (stopped)
    return new ActionError(
      `Commenting on ${target} failed: ${stopped.message}`,
      "Check that the runner can reach GitHub's API (GITHUB_API_URL; on self-hosted runners HTTPS_PROXY and NO_PROXY), or raise request-timeout-seconds",
      { cause: err }
    )
  const status = (err as { status?: number }).status
  const text = err instanceof Error ? err.message : String(err)
  let fix: string | undefined
  if ((status === 403 || status === 404) && ctx.fromFork) {
    // pull_request runs from forks get a read-only GITHUB_TOKEN, whatever `permissions` says.
    fix =
      'This pull request comes from a fork, and its runs get a read-only GITHUB_TOKEN: comment from a workflow_run workflow (or pull_request_target, with care), or set comment-on-pr to false for forks'
  } else if (status === 403 || status === 404) {
    fix =
      'Give the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token: set comment-on-pr to false there)'
  }
  return new ActionError(`Commenting on ${target} failed (HTTP ${status ?? '?'}): ${text}`, fix, { cause: err })
}
