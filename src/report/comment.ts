// PR comment stage: one sticky comment per layer, found again by a hidden marker and edited in
// place, so a PR that is pushed to ten times shows one up-to-date comment, not ten.
import { context, type getOctokit } from '@actions/github'
import { ActionError } from '../errors.js'

/** The REST client @actions/github makes. */
export type Octokit = ReturnType<typeof getOctokit>

/** The pull request a run is about, if any. */
export interface PrContext {
  eventName: string
  owner: string
  repo: string
  /** Set on pull request events only. */
  prNumber?: number
}

/** One region's row in the comment. */
export interface CommentRow {
  region: string
  layerVersionArn?: string
  /** false when an existing version was reused (skip-unchanged). */
  published?: boolean
  error?: string
}

/** What became of the comment: its id, or why it was skipped. */
export type UpsertResult = { action: 'created' | 'updated' | 'skipped'; id?: number; reason?: string }

/** The parts of @actions/github's context this module reads; tests pass their own. */
export interface GithubContextLike {
  eventName: string
  payload: { pull_request?: { number: number } }
  readonly repo: { owner: string; repo: string }
}

/** pull_request_target runs in the base repository but is about the same PR. */
const PR_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** The PR of the run's event (prNumber only on pull_request and pull_request_target). Never throws. */
export function prContextFromGithub(source: GithubContextLike = context): PrContext {
  const { owner, repo } = source.repo
  const eventName = source.eventName
  const prNumber = PR_EVENTS.has(eventName) ? source.payload.pull_request?.number : undefined
  return { eventName, owner, repo, prNumber }
}

/** The hidden marker that finds the layer's comment again; ` -->` ends it, so `my-deps` never
 * matches `my-deps-pr-1`. Never throws. */
export function commentMarker(layerName: string): string {
  return `<!-- publish-lambda-layer:${layerName} -->`
}

/** The comment's Markdown: marker, title, one row per region, and what mode: delete removed. Never
 * throws. */
export function commentBody(layerName: string, rows: CommentRow[], extra: { deleted?: string[] } = {}): string {
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
  if (row.published === false) return 'reused (unchanged)'
  return 'published'
}

function deletedSection(deleted: string[]): string[] {
  if (deleted.length === 0) return ['The preview layer was removed: no versions were left to delete.', '']
  return [`The preview layer was removed: ${deleted.length} version(s) deleted.`, '', ...deleted.map((arn) => `- \`${arn}\``), '']
}

function arnCell(arn: string | undefined): string {
  return arn ? `\`${arn}\`` : '-'
}

/** Table cells are one line, and a `|` would end the cell early. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|')
}

/**
 * Edits the layer's comment on the PR, or creates it; skips events that are not about a pull
 * request. Returns what it did. Throws ActionError, with the HTTP status and a fix for 403/404
 * (read-only tokens of forks, missing pull-requests: write), when GitHub refuses.
 */
export async function upsertPrComment(octokit: Octokit, ctx: PrContext, layerName: string, body: string): Promise<UpsertResult> {
  if (!PR_EVENTS.has(ctx.eventName) || ctx.prNumber === undefined) {
    return { action: 'skipped', reason: `comment-on-pr only comments on pull_request events; this run is a ${ctx.eventName} event` }
  }
  const where = { owner: ctx.owner, repo: ctx.repo }
  try {
    const existing = await findComment(octokit, ctx, commentMarker(layerName))
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
async function findComment(octokit: Octokit, ctx: PrContext, marker: string): Promise<number | undefined> {
  const ids = await octokit.paginate(
    octokit.rest.issues.listComments,
    { owner: ctx.owner, repo: ctx.repo, issue_number: ctx.prNumber as number, per_page: 100 },
    (response, done) => {
      const match = response.data.find((c) => c.body?.includes(marker))
      if (!match) return []
      done()
      return [match.id]
    }
  )
  return ids[0]
}

function commentError(ctx: PrContext, err: unknown): ActionError {
  const status = (err as { status?: number }).status
  const text = err instanceof Error ? err.message : String(err)
  const target = `${ctx.owner}/${ctx.repo}#${ctx.prNumber}`
  // A fork's PR gets a read-only token; a job without pull-requests: write gets 403 too.
  const fix =
    status === 403 || status === 404
      ? 'Give the job `permissions: pull-requests: write` (a pull request from a fork gets a read-only token: set comment-on-pr to false there)'
      : undefined
  return new ActionError(`Commenting on ${target} failed (HTTP ${status ?? '?'}): ${text}`, fix, { cause: err })
}
