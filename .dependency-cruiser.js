// @ts-check
// Import rules for src/, checked by `npm run lint` (dependency-cruiser, type-only imports
// included): no cycles, data flows one way down the stages, and the action needs nothing outside
// src/ and its packages at run time.

/** The stages in pipeline order; each may import from itself and the ones before it. The
 * shared root files come first. main.ts and index.ts orchestrate and may import anything. */
const STAGES = [
  '(settings|errors|limiter)\\.ts$',
  'inputs/',
  'plan/',
  'archive/',
  'aws/',
  'publish/',
  'share/',
  'lifecycle/',
  'regions/',
  'report/'
]

/** One rule per stage: nothing in it imports from a stage after it. */
const stageRules = STAGES.slice(0, -1).map((stage, i) => ({
  name: `stage-order-${stage.replace(/\W+/g, '-').replace(/^-|-$/g, '')}`,
  comment: 'A stage imports only from itself and earlier stages; a helper two stages share lives in the earlier one.',
  severity: /** @type {const} */ ('error'),
  from: { path: `^src/${stage}` },
  to: { path: `^src/(${STAGES.slice(i + 1).join('|')})` }
}))

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'no-cycle',
      comment: 'No import cycles, type imports included.',
      severity: 'error',
      from: {},
      to: { circular: true }
    },
    {
      name: 'src-self-contained',
      comment: 'The bundle holds src/ and packages only: no emulator, scripts, tests or ../shared.',
      severity: 'error',
      from: { path: '^src/' },
      to: { pathNot: '^(src/|node_modules/)', dependencyTypesNot: ['core'] }
    },
    {
      name: 'not-to-unresolvable',
      comment: 'Every import resolves.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true }
    },
    ...stageRules
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' }
  }
}
