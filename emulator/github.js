// @ts-check
// GitHub REST issue comments under /github (octokit baseUrl = `${url}/github`):
//   GET/POST  /github/repos/{owner}/{repo}/issues/{n}/comments   (per_page, page; Link header)
//   PATCH/DELETE /github/repos/{owner}/{repo}/issues/comments/{id}
import { ApiError } from './errors.js'
import { emptyReply, jsonReply } from './http-util.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').GithubComment} GithubComment */

/**
 * @typedef {object} GithubConfig
 * @property {string | undefined} token when set, the only token accepted; otherwise any token
 * @property {string} login author of comments created through the API
 */

/** @returns {GithubConfig} */
export function defaultGithubConfig() {
  return { token: undefined, login: 'github-actions[bot]' }
}

/** @param {Ctx} ctx @param {GithubComment} c */
function present(ctx, c) {
  const api = `${ctx.emu.url}/github/repos/${c.owner}/${c.repo}`
  return {
    id: c.id,
    node_id: `IC_${Buffer.from(String(c.id)).toString('base64url')}`,
    url: `${api}/issues/comments/${c.id}`,
    html_url: `https://github.com/${c.owner}/${c.repo}/pull/${c.issue_number}#issuecomment-${c.id}`,
    issue_url: `${api}/issues/${c.issue_number}`,
    body: c.body,
    user: { login: c.user_login, id: 41898282, type: 'Bot' },
    created_at: c.created_at,
    updated_at: c.updated_at,
    author_association: 'NONE'
  }
}

/**
 * @param {Ctx} ctx
 * @returns {import('./server.js').Route}
 */
export function matchGithub(ctx) {
  // segments: ['github', 'repos', owner, repo, 'issues', n|'comments', 'comments'|id]
  const [, repos, owner, repo, issues, a, b] = ctx.segments
  const base = repos === 'repos' && issues === 'issues' && ctx.segments.length === 7
  const m = ctx.method
  /** @type {[string, () => import('./http-util.js').Reply]} */
  let op = [
    'Unknown',
    () => {
      throw new ApiError('NotFound', 404, 'Not Found')
    }
  ]
  if (base && b === 'comments' && /^\d+$/.test(a)) {
    if (m === 'GET') op = ['ListComments', () => listComments(ctx, owner, repo, Number(a))]
    if (m === 'POST') op = ['CreateComment', () => createComment(ctx, owner, repo, Number(a))]
  } else if (base && a === 'comments' && /^\d+$/.test(b)) {
    if (m === 'PATCH') op = ['UpdateComment', () => updateComment(ctx, owner, repo, Number(b))]
    if (m === 'DELETE') op = ['DeleteComment', () => deleteComment(ctx, owner, repo, Number(b))]
    if (m === 'GET') op = ['GetComment', () => jsonReply(200, present(ctx, findComment(ctx, owner, repo, Number(b))))]
  }
  let body
  try {
    body = ctx.body.length ? JSON.parse(ctx.body.toString('utf8')) : undefined
  } catch {
    body = undefined
  }
  return {
    service: 'github',
    operation: op[0],
    body,
    run: () => {
      authorize(ctx)
      return op[1]()
    }
  }
}

/** @param {Ctx} ctx */
function authorize(ctx) {
  const auth = String(ctx.headers.authorization ?? '')
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1]
  if (!token || (ctx.emu.github.token !== undefined && token !== ctx.emu.github.token)) {
    throw new ApiError('Unauthorized', 401, token ? 'Bad credentials' : 'Requires authentication')
  }
}

/** @param {Ctx} ctx */
function bodyText(ctx) {
  let parsed
  try {
    parsed = JSON.parse(ctx.body.toString('utf8'))
  } catch {
    throw new ApiError('BadRequest', 400, 'Problems parsing JSON')
  }
  if (typeof parsed?.body !== 'string') {
    throw new ApiError('UnprocessableEntity', 422, 'Invalid request.\n\n"body" wasn\'t supplied.')
  }
  return /** @type {string} */ (parsed.body)
}

/** @param {Ctx} ctx @param {string} owner @param {string} repo @param {number} issue */
function listComments(ctx, owner, repo, issue) {
  const all = ctx.emu.state.comments.filter((c) => c.owner === owner && c.repo === repo && c.issue_number === issue)
  const perPage = Math.min(100, Math.max(1, Number(ctx.query.per_page ?? 30) || 30))
  const page = Math.max(1, Number(ctx.query.page ?? 1) || 1)
  const last = Math.max(1, Math.ceil(all.length / perPage))
  const link = (/** @type {number} */ p) =>
    `<${ctx.emu.url}/github/repos/${owner}/${repo}/issues/${issue}/comments?per_page=${perPage}&page=${p}>`
  /** @type {string[]} */
  const links = []
  if (page < last) links.push(`${link(page + 1)}; rel="next"`, `${link(last)}; rel="last"`)
  if (page > 1) links.push(`${link(1)}; rel="first"`, `${link(page - 1)}; rel="prev"`)
  const items = all.slice((page - 1) * perPage, page * perPage).map((c) => present(ctx, c))
  return jsonReply(200, items, links.length ? { link: links.join(', ') } : {})
}

/** @param {Ctx} ctx @param {string} owner @param {string} repo @param {number} issue */
function createComment(ctx, owner, repo, issue) {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  /** @type {GithubComment} */
  const comment = {
    owner,
    repo,
    issue_number: issue,
    id: ++ctx.emu.state.counters.commentId,
    body: bodyText(ctx),
    created_at: now,
    updated_at: now,
    user_login: ctx.emu.github.login
  }
  ctx.emu.state.comments.push(comment)
  return jsonReply(201, present(ctx, comment))
}

/** @param {Ctx} ctx @param {string} owner @param {string} repo @param {number} id */
function findComment(ctx, owner, repo, id) {
  const comment = ctx.emu.state.comments.find((c) => c.owner === owner && c.repo === repo && c.id === id)
  if (!comment) throw new ApiError('NotFound', 404, 'Not Found')
  return comment
}

/** @param {Ctx} ctx @param {string} owner @param {string} repo @param {number} id */
function updateComment(ctx, owner, repo, id) {
  const comment = findComment(ctx, owner, repo, id)
  comment.body = bodyText(ctx)
  comment.updated_at = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z')
  return jsonReply(200, present(ctx, comment))
}

/** @param {Ctx} ctx @param {string} owner @param {string} repo @param {number} id */
function deleteComment(ctx, owner, repo, id) {
  const comment = findComment(ctx, owner, repo, id)
  ctx.emu.state.comments.splice(ctx.emu.state.comments.indexOf(comment), 1)
  return emptyReply(204)
}
