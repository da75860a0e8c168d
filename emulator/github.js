// @ts-check
// GitHub REST issue comments under /github (octokit baseUrl = `${url}/github`):
//   GET/POST  /github/repos/{owner}/{repo}/issues/{n}/comments   (per_page, page; Link header)
//   PATCH/DELETE /github/repos/{owner}/{repo}/issues/comments/{id}
// and who a token is: GET /github/user and the GraphQL `viewer` query (POST /github/graphql).
import { ApiError } from './errors.js'
import { emptyReply, jsonReply } from './http-util.js'

/** @typedef {import('./server.js').Ctx} Ctx */
/** @typedef {import('./state.js').GithubComment} GithubComment */

/**
 * Who a token acts as. `installation` tokens (GITHUB_TOKEN, GitHub App tokens) cannot call
 * GET /user: GitHub answers 403 "Resource not accessible by integration".
 * @typedef {object} GithubIdentity
 * @property {string} login
 * @property {number} id
 * @property {'Bot' | 'User'} type
 * @property {boolean} installation
 */

/**
 * @typedef {object} GithubConfig
 * @property {string | undefined} token when set, the only token accepted; otherwise any token
 * @property {GithubIdentity} identity who any token not in `tokens` is (default: GITHUB_TOKEN's bot)
 * @property {Record<string, GithubIdentity>} tokens identities of particular tokens (e.g. a PAT)
 */

/** The GITHUB_TOKEN identity: api.github.com/users/github-actions[bot] is id 41898282, type Bot. */
export const GITHUB_ACTIONS_BOT = Object.freeze({ login: 'github-actions[bot]', id: 41898282, type: 'Bot', installation: true })

/** @returns {GithubConfig} */
export function defaultGithubConfig() {
  return { token: undefined, identity: { ...GITHUB_ACTIONS_BOT, type: 'Bot' }, tokens: {} }
}

/** The comment author as GitHub shows it: `user.type` is Bot for app identities. @param {GithubComment} c */
function authorOf(c) {
  const type = c.user_type ?? (c.user_login.endsWith('[bot]') ? 'Bot' : 'User')
  const id = c.user_id ?? (c.user_login === GITHUB_ACTIONS_BOT.login ? GITHUB_ACTIONS_BOT.id : stableId(c.user_login))
  return { login: c.user_login, id, type }
}

/** A made-up but stable numeric id for a login. @param {string} login */
function stableId(login) {
  let h = 7
  for (const ch of login) h = (h * 31 + ch.charCodeAt(0)) % 90_000_000
  return 10_000_000 + h
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
    user: authorOf(c),
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
  if (ctx.segments.length === 2 && repos === 'user' && m === 'GET') op = ['GetAuthenticatedUser', () => authenticatedUser(ctx)]
  else if (ctx.segments.length === 2 && repos === 'graphql' && m === 'POST') op = ['GraphQL', () => graphql(ctx)]
  else if (base && b === 'comments' && /^\d+$/.test(a)) {
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

/** The identity of the request's token; 401 without a token (or with a wrong one when one is set). @param {Ctx} ctx */
function authorize(ctx) {
  const auth = String(ctx.headers.authorization ?? '')
  const token = /^(?:token|bearer)\s+(\S+)$/i.exec(auth)?.[1]
  if (!token || (ctx.emu.github.token !== undefined && token !== ctx.emu.github.token)) {
    throw new ApiError('Unauthorized', 401, token ? 'Bad credentials' : 'Requires authentication')
  }
  return ctx.emu.github.tokens[token] ?? ctx.emu.github.identity
}

/** GET /user: the user behind a PAT; an installation token gets 403 (actions/create-github-app-token#258). @param {Ctx} ctx */
function authenticatedUser(ctx) {
  const who = authorize(ctx)
  if (who.installation) {
    throw new ApiError('Forbidden', 403, 'Resource not accessible by integration', {
      fields: { documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user', status: '403' }
    })
  }
  const html = `https://github.com/${encodeURIComponent(who.login)}`
  return jsonReply(200, {
    login: who.login,
    id: who.id,
    node_id: `U_${Buffer.from(String(who.id)).toString('base64url')}`,
    type: who.type,
    site_admin: false,
    html_url: html,
    url: `${ctx.emu.url}/github/users/${encodeURIComponent(who.login)}`
  })
}

/**
 * POST /graphql: only `viewer { login databaseId id }` is modelled. It answers for every token
 * kind, installation tokens included (the usual way to learn a bot's login).
 * @param {Ctx} ctx
 */
function graphql(ctx) {
  const who = authorize(ctx)
  let query = ''
  try {
    query = String(JSON.parse(ctx.body.toString('utf8')).query ?? '')
  } catch {
    throw new ApiError('BadRequest', 400, 'Problems parsing JSON')
  }
  const fields = /\bviewer\s*\{([^}]*)\}/.exec(query)?.[1]
  if (fields === undefined) return jsonReply(200, { errors: [{ message: 'emulator: only the viewer query is modelled' }] })
  /** @type {Record<string, unknown>} */
  const known = { login: who.login, databaseId: who.id, id: `BOT_${Buffer.from(String(who.id)).toString('base64url')}` }
  /** @type {Record<string, unknown>} */
  const viewer = {}
  for (const field of fields.split(/[\s,]+/).filter(Boolean)) viewer[field] = known[field] ?? null
  return jsonReply(200, { data: { viewer } })
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
  const author = authorize(ctx)
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
    user_login: author.login,
    user_id: author.id,
    user_type: author.type
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
