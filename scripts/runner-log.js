// @ts-check
// Renders a step's raw output as the GitHub runner shows it in the job log: workflow commands
// (`::name key=value::data`) are acted on and hidden, values given to `::add-mask::` read `***`
// in every later line, groups become headings, `::debug::` lines show only with step debug
// logging, and `::warning::`/`::error::`/`::notice::` become annotations. Used by `npm run demo`
// and by tests that assert what a user sees.
//
// Facts from the runner (actions/runner src/Runner.Common/ActionCommand.cs and
// src/Runner.Worker/ActionCommandManager.cs) and @actions/core (src/command.ts):
// - a line is a command when, after leading whitespace, it starts with `::` and names a
//   command the runner knows; anything else is printed as it is;
// - data is escaped as %25 (%), %0D (CR), %0A (LF); property values also as %3A (:), %2C (,);
// - `add-mask` is never echoed; an empty value gets a warning instead of a mask;
// - `::stop-commands::TOKEN` turns command processing off until a `::TOKEN::` line (both
//   lines are printed).
// Not modelled: `::echo::on`, the older `##[name]` form, and the masking of encoded forms
// (base64, URL-escaped) of a secret.

/** @typedef {'warning' | 'error' | 'notice'} AnnotationKind */
/** @typedef {{ kind: AnnotationKind, message: string, properties: Record<string, string> }} Annotation */
/** @typedef {{ lines: string[], annotations: Annotation[] }} RenderedLog */
/** @typedef {{ name: string, properties: Record<string, string>, data: string }} Command */

/** Commands the runner acts on (ActionCommandManager's registered extensions). */
const KNOWN = new Set([
  'add-mask',
  'add-matcher',
  'add-path',
  'debug',
  'echo',
  'endgroup',
  'error',
  'group',
  'notice',
  'remove-matcher',
  'save-state',
  'set-env',
  'set-output',
  'stop-commands',
  'warning'
])
const LABEL = { warning: 'Warning', error: 'Error', notice: 'Notice' }
const MASK = '***'

/** @param {string} s */
function unescapeData(s) {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

/** @param {string} s */
function unescapeProperty(s) {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
}

/**
 * Parses one output line as a workflow command.
 * @param {string} line
 * @param {ReadonlySet<string>} [known]  lower-case command names the runner acts on
 * @returns {Command | undefined} the command (name lower-cased), or undefined for a plain line
 */
export function parseCommand(line, known = KNOWN) {
  const text = line.trimStart()
  if (!text.startsWith('::')) return undefined
  const end = text.indexOf('::', 2)
  if (end < 0) return undefined
  const info = text.slice(2, end)
  const space = info.indexOf(' ')
  const name = (space < 0 ? info : info.slice(0, space)).toLowerCase()
  if (!known.has(name)) return undefined
  /** @type {Record<string, string>} */
  const properties = {}
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(',')) {
      const eq = pair.indexOf('=')
      if (eq > 0 && eq < pair.length - 1) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
  }
  return { name, properties, data: unescapeData(text.slice(end + 2)) }
}

/**
 * Replaces every occurrence of each secret in `line` with `***` (overlapping matches merge, as
 * the runner's secret masker does).
 * @param {string} line
 * @param {readonly string[]} secrets
 * @returns {string}
 */
export function maskLine(line, secrets) {
  /** @type {[number, number][]} */
  const ranges = []
  for (const secret of secrets) {
    for (let at = line.indexOf(secret); at >= 0; at = line.indexOf(secret, at + 1)) ranges.push([at, at + secret.length])
  }
  if (ranges.length === 0) return line
  ranges.sort((a, b) => a[0] - b[0])
  let out = ''
  let from = 0
  let [start, end] = ranges[0]
  for (const [s, e] of ranges.slice(1)) {
    if (s <= end) end = Math.max(end, e)
    else {
      out += line.slice(from, start) + MASK
      from = end
      ;[start, end] = [s, e]
    }
  }
  return out + line.slice(from, start) + MASK + line.slice(end)
}

/** Where an annotation points, from its file/line/col properties, for the rendered line. */
function location(/** @type {Record<string, string>} */ p) {
  if (!p.file) return ''
  const at = [p.file, p.line, p.col].filter(Boolean).join(':')
  return ` (${at})`
}

/**
 * Renders a step's raw output (stdout and stderr as the runner received them, in order).
 * @param {string} text
 * @param {{ debug?: boolean }} [options]  debug: step debug logging on (ACTIONS_STEP_DEBUG)
 * @returns {RenderedLog} the lines a user sees (group contents indented under a `▾ title`
 *   heading) and the annotations the step made; messages are masked like the lines
 */
export function renderRunnerLog(text, options = {}) {
  /** @type {string[]} */
  const secrets = []
  /** @type {RenderedLog} */
  const log = { lines: [], annotations: [] }
  let indent = ''
  /** @type {string | undefined} */
  let stopToken
  const print = (/** @type {string} */ s) => {
    for (const part of s.split(/\r?\n/)) log.lines.push(indent + maskLine(part, secrets))
  }
  const annotate = (/** @type {AnnotationKind} */ kind, /** @type {string} */ message, properties = {}) => {
    const masked = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, maskLine(v, secrets)]))
    log.annotations.push({ kind, message: maskLine(message, secrets), properties: masked })
    const title = masked.title ? `${masked.title}: ` : ''
    print(`${LABEL[kind]}: ${title}${message}${location(masked)}`)
  }
  const lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/)
  for (const line of lines) {
    if (stopToken !== undefined) {
      if (parseCommand(line, new Set([stopToken]))) stopToken = undefined
      print(line)
      continue
    }
    const command = parseCommand(line)
    if (!command) {
      print(line)
      continue
    }
    const { name, data, properties } = command
    if (name === 'add-mask') {
      if (data.trim() === '') annotate('warning', "Can't add secret mask for empty string in ##[add-mask] command.")
      else secrets.push(data)
    } else if (name === 'debug') {
      if (options.debug) print(`Debug: ${data}`)
    } else if (name === 'warning' || name === 'error' || name === 'notice') {
      annotate(name, data, properties)
    } else if (name === 'group') {
      indent = ''
      print(`▾ ${data}`)
      indent = '  '
    } else if (name === 'endgroup') {
      indent = ''
    } else if (name === 'stop-commands' && data !== '') {
      stopToken = data.toLowerCase()
      print(line)
    }
  }
  return log
}
