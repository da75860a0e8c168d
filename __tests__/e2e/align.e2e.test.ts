// Issue 14, align-versions: dist/index.js against the emulator, whose version counters, like
// Lambda's, count deleted versions too. The new version gets one number in every region; filler
// versions bring lagging regions up and are deleted at once, never shared, never left live.
import { describe, expect, it } from '@jest/globals'
import { FILLER_DESCRIPTION } from '../../src/publish/filler.js'
import {
  fileBase64Sha256,
  groupLines,
  publishAsAnotherTool,
  oidcEnv,
  readmeInputs,
  run,
  start,
  useEmulator,
  type RunResult,
  errorLine
} from './support.js'

const e2e = useEmulator()
const EU = 'eu-west-1'
const US = 'us-east-1'
const arn = (region: string) => `arn:aws:lambda:${region}:123456789012:layer:my-deps`

const live = (region: string) => e2e.emu.layerVersions(region, 'my-deps')
const numbers = (region: string) => live(region).map((v) => v.Version)

/** The action's PublishLayerVersion requests, in order, as '<region> filler' or '<region> real'. */
const sequence = () =>
  e2e.emu
    .requestsFor('PublishLayerVersion')
    .map((r) => `${r.region} ${(r.body as { Description?: string }).Description === FILLER_DESCRIPTION ? 'filler' : 'real'}`)
/** The same, in `region` only: 'filler' or 'real' each. */
const publishes = (region: string) =>
  sequence()
    .filter((p) => p.startsWith(`${region} `))
    .map((p) => p.split(' ')[1])

/** Publishes `count` versions of my-deps in `region` as another tool would, then deletes the
 * newest `deleted` of them; the request log is cleared, so it shows the action's calls only. */
async function seed(region: string, count: number, deleted = 0): Promise<void> {
  await publishAsAnotherTool(e2e.emu, region, count, { deleted })
  e2e.emu.requests.length = 0
}

const alignInputs = (extra: Record<string, string> = {}) => ({
  ...readmeInputs(e2e.emu),
  regions: `${EU}, ${US}`,
  'align-versions': 'true',
  ...extra
})
const runAligned = (extra: Record<string, string> = {}) => run(alignInputs(extra), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })

/** Both regions end with the real version at `n`, shared, and no filler live. */
async function expectAlignedAt(result: RunResult, n: number): Promise<void> {
  expect(result.code).toBe(0)
  expect(result.outputs['layer-version']).toBe(String(n))
  expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({ [EU]: `${arn(EU)}:${n}`, [US]: `${arn(US)}:${n}` })
  const sha = await fileBase64Sha256(result.outputs['archive-path'])
  for (const region of [EU, US]) {
    expect(live(region).filter((v) => v.Description === FILLER_DESCRIPTION)).toEqual([])
    expect(live(region)[0]).toMatchObject({ Version: n, CodeSha256: sha })
    const grants = e2e.emu.requestsFor('AddLayerVersionPermission').filter((r) => r.region === region)
    expect(grants.map((r) => r.path.split('/')[5])).toEqual([String(n), String(n)])
  }
  expect(result.summary).toContain(`**Version ${n} in every region** (align-versions).`)
}

describe('align-versions', () => {
  it.each([
    [EU, US],
    [US, EU]
  ])('3 versions in %s and none in %s: version 4 in both, after 3 fillers deleted at once', async (ahead, behind) => {
    await seed(ahead, 3)
    const result = await runAligned()
    await expectAlignedAt(result, 4)
    expect(numbers(ahead)).toEqual([4, 3, 2, 1])
    expect(numbers(behind)).toEqual([4])
    expect(publishes(ahead)).toEqual(['real'])
    expect(publishes(behind)).toEqual(['filler', 'filler', 'filler', 'real'])
    const deletes = e2e.emu.requestsFor('DeleteLayerVersion').map((r) => `${r.region} ${r.path.split('/').pop()}`)
    expect(deletes).toEqual([`${behind} 1`, `${behind} 2`, `${behind} 3`])
    expect(result.summary).toContain(`Published and deleted first, to reach it: 3 filler versions in ${behind}.`)
  })

  it('counts the versions a region deleted: all 5 gone in us-east-1, so both regions get 7', async () => {
    await seed(EU, 3)
    await seed(US, 5, 5)
    const result = await runAligned()
    // us-east-1's list is empty, so it publishes a filler to learn its next number (6 + 1).
    await expectAlignedAt(result, 7)
    expect(publishes(US)).toEqual(['filler', 'real'])
    expect(publishes(EU)).toEqual(['filler', 'filler', 'filler', 'real'])
    expect(numbers(US)).toEqual([7])
  })

  it('publishes first where the list may hide a deleted newest version, so the others catch up with fillers', async () => {
    await seed(EU, 3, 1) // 1 and 2 live, 3 deleted: the next is 4, the list says 3
    const result = await runAligned()
    await expectAlignedAt(result, 4)
    // eu-west-1 publishes once us-east-1 has caught up with its list, and shows its real next number.
    expect(sequence()).toEqual([`${US} filler`, `${US} filler`, `${EU} real`, `${US} filler`, `${US} real`])
  })

  it("two leaders, one hiding a deleted newest version: the other's real version is withdrawn and published again", async () => {
    await seed(EU, 3, 1) // 1 and 2 live, 3 deleted: the next is 4, the list says 3
    await seed(US, 2) // the next is 3
    const result = await runAligned()
    await expectAlignedAt(result, 4)
    // us-east-1 got 3, then deleted it (never shared) and published again as 4.
    expect(publishes(US)).toEqual(['real', 'real'])
    expect(numbers(US)).toEqual([4, 2, 1])
    expect(groupLines(result, `${US}: publish`)).toContain(
      'Got version 3, below 4 elsewhere; deleting it (not shared yet) to publish again'
    )
  })

  it('aligns the regions that work when one fails before publishing (an opt-in region not enabled)', async () => {
    await seed(EU, 1)
    e2e.emu.disabledRegions.add('ap-east-2')
    const result = await runAligned({ regions: `${EU}, ${US}, ap-east-2` })
    expect(result.code).toBe(1)
    expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({ [EU]: `${arn(EU)}:2`, [US]: `${arn(US)}:2` })
    expect(errorLine(result)).toContain('ap-east-2: UnrecognizedClientException')
    expect(result.summary).toContain('**Version 2 in each region that succeeded** (align-versions).')
  })

  it('prunes with keep-versions as usual: fillers are gone before pruning and never counted', async () => {
    await seed(EU, 3)
    const result = await runAligned({ 'keep-versions': '1' })
    await expectAlignedAt(result, 4)
    expect(numbers(EU)).toEqual([4])
    expect(numbers(US)).toEqual([4])
    expect(JSON.parse(result.outputs['deleted-versions'])).toEqual([3, 2, 1].map((n) => `${arn(EU)}:${n}`))
  })

  it('with one region publishes as usual', async () => {
    await seed(US, 3)
    const result = await run({ ...readmeInputs(e2e.emu), 'align-versions': 'true' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(result.outputs['layer-version']).toBe('1')
    expect(publishes(EU)).toEqual(['real'])
    expect(result.summary).not.toContain('align-versions')
  })

  it('refuses before publishing anything when a region would need more than 100 fillers, naming it', async () => {
    await seed(EU, 101)
    const result = await runAligned()
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain(
      `align-versions: the common version number would be 102, but ${US} would need 101 filler versions (its next version number is at least 1): more than 100, so no region keeps a version of this run`
    )
    // Nothing published, nothing to clean up: one list per region (the baseline) and no sweep after the refusal.
    expect(e2e.emu.requestsFor('ListLayerVersions')).toHaveLength(2)
    expect(e2e.emu.requests.filter((r) => /^(Publish|Delete)/.test(r.operation))).toEqual([])
    expect(numbers(US)).toEqual([])
  })

  it('says in a dry run that the number is aligned at publish time, and calls nothing', async () => {
    const result = await runAligned({ 'dry-run': 'true', 'ssm-parameter': '/layers/my-deps/latest' })
    expect(result.code).toBe(0)
    expect(e2e.emu.requests).toEqual([])
    expect(result.summary).toContain(
      `Would publish a new version in ${EU} and ${US} with the same version number in every region (aligned at publish time), shared with 111122223333 and organization o-a1b2c3d4e5, then its version ARN written to the SSM parameter \`/layers/my-deps/latest\` in each of the 2 regions.`
    )
  })
})

describe('align-versions with skip-unchanged', () => {
  it('publishes nothing when every region can reuse, and aligns every region when one changed', async () => {
    await seed(EU, 2)
    const first = await runAligned({ 'skip-unchanged': 'true' })
    await expectAlignedAt(first, 3)
    const again = await runAligned({ 'skip-unchanged': 'true', 'role-session-name': 'run-2' })
    expect(again.code).toBe(0)
    expect(again.outputs.published).toBe('false')
    expect(e2e.emu.requestsFor('PublishLayerVersion').filter((r) => r.roleSessionName === 'run-2')).toEqual([])
    expect(again.summary).toContain('**Version 3 in every region** (align-versions).')

    await seed(US, 1) // another tool publishes version 4 in us-east-1 only
    const changed = await runAligned({ 'skip-unchanged': 'true', 'role-session-name': 'run-3' })
    expect(groupLines(changed, `${EU}: publish`)).toContainEqual(
      expect.stringMatching(/^skip-unchanged: publishing although version 3 has the same CodeSha256: another region changed/)
    )
    await expectAlignedAt(changed, 5)
    expect(publishes(EU)).toEqual(['filler', 'real'])
    expect(publishes(US)).toEqual(['real'])
  })
})

describe('align-versions switched on for a layer whose regions differ in number', () => {
  it('with skip-unchanged and the same content everywhere: publishes again, aligned, so layer-version fits every region', async () => {
    await seed(EU, 3)
    await seed(US, 1)
    const unaligned = await run({ ...readmeInputs(e2e.emu), regions: `${EU}, ${US}` }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(JSON.parse(unaligned.outputs['layer-version-arns'])).toEqual({ [EU]: `${arn(EU)}:4`, [US]: `${arn(US)}:2` })
    e2e.emu.requests.length = 0
    const result = await runAligned({ 'skip-unchanged': 'true', 'ssm-parameter': '/layers/my-deps/latest', 'role-session-name': 'run-2' })
    await expectAlignedAt(result, 5)
    expect(result.stdout).toContain(
      `align-versions: every region holds this content already, but at different version numbers (4 in ${EU}, 2 in ${US}): publishing it again in every region, at one number`
    )
    expect(groupLines(result, `${US}: publish`)).toContainEqual(
      expect.stringMatching(
        /^skip-unchanged: publishing although version 2 has the same CodeSha256: the regions hold this content at different version numbers/
      )
    )
    for (const region of [EU, US])
      expect(e2e.emu.parameter(region, '/layers/my-deps/latest')?.versions.at(-1)?.Value).toBe(`${arn(region)}:5`)
  })
})

describe('align-versions when something fails in the middle', () => {
  it('a filler publish refused in one region: that region fails with no filler left, the other publishes', async () => {
    await seed(EU, 3)
    // The first filler goes through; the second is refused.
    e2e.emu.faults.add('PublishLayerVersion', { region: US, delayMs: 0 })
    e2e.emu.faults.add('PublishLayerVersion', { region: US, status: 400, message: 'refused for the test' })
    const result = await runAligned()
    expect(result.code).toBe(1)
    expect(numbers(US)).toEqual([])
    expect(numbers(EU)).toEqual([4, 3, 2, 1])
    expect(publishes(US)).toEqual(['filler', 'filler'])
    expect(errorLine(result)).toContain(`${US}: InvalidParameterValueException: refused for the test`)
    expect(JSON.parse(result.outputs['layer-version-arns'])).toEqual({ [EU]: `${arn(EU)}:4` })
  })

  it('a filler whose delete keeps failing: the region fails and the clean-up deletes it, so none is left', async () => {
    await seed(EU, 2)
    e2e.emu.faults.add('DeleteLayerVersion', { region: US, status: 500, times: 2 })
    const result = await runAligned({ 'max-attempts': '2' })
    expect(result.code).toBe(1)
    expect(numbers(US)).toEqual([])
    expect(errorLine(result)).toContain(`Deleting the filler version ${arn(US)}:1 failed`)
    expect(errorLine(result)).toContain(`Deleted the filler version ${arn(US)}:1.`)
    expect(result.stdout).not.toContain('left live, not settled')
  })

  it('a filler publish whose answer is lost: the filler is found by its CodeSha256, deleted, and the run goes on aligned', async () => {
    await seed(EU, 2)
    e2e.emu.faults.add('PublishLayerVersion', { region: US, dropAfterApply: true })
    const result = await runAligned()
    await expectAlignedAt(result, 3)
    expect(publishes(US)).toEqual(['filler', 'filler', 'real'])
    expect(numbers(US)).toEqual([3])
  })

  it('cancelled while a filler was being published: deletes it, publishes no real version, reports it', async () => {
    await seed(EU, 3)
    e2e.emu.faults.add('PublishLayerVersion', { region: US, hold: 'filler', afterApply: true })
    const running = await start(alignInputs(), { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    await e2e.emu.waitForRequest((r) => r.operation === 'PublishLayerVersion' && r.region === US)
    while (!e2e.emu.holds.waiting().includes('filler')) await new Promise((resolve) => setTimeout(resolve, 20))
    const result = await running.cancel()
    expect(result.code).toBe(1)
    expect(numbers(US)).toEqual([])
    expect(numbers(EU)).toEqual([3, 2, 1])
    expect(result.summary).toContain(`deleted the filler version ${arn(US)}:1`)
    expect(result.summary).toContain('**The run was cancelled (SIGINT).**')
  })
})

describe('align-versions with code signing', () => {
  it('signs once and publishes the signed zip at one number everywhere; fillers go inline, unsigned', async () => {
    for (const region of [EU, US]) e2e.emu.createBucket(region, `layers-${region}`)
    e2e.emu.setBucketVersioning(`layers-${EU}`)
    e2e.emu.addSigningProfile({ name: 'LayerSigner', region: EU })
    await seed(EU, 2)
    const result = await runAligned({ 's3-bucket': 'layers-{region}', 'signing-profile-name': 'LayerSigner' })
    expect(result.code).toBe(0)
    expect([...(e2e.emu.state.signingJobs.get(EU)?.values() ?? [])]).toHaveLength(1)
    const real = live(EU)[0]
    expect(real).toMatchObject({ Version: 3, SigningJobArn: expect.stringContaining(':/signing-jobs/') })
    expect(live(US)).toEqual([expect.objectContaining({ Version: 3, CodeSha256: real.CodeSha256, SigningJobArn: real.SigningJobArn })])
    const contents = e2e.emu.requestsFor('PublishLayerVersion').map((r) => {
      const body = r.body as { Description?: string; Content: Record<string, unknown> }
      return `${r.region} ${body.Description === FILLER_DESCRIPTION ? 'filler' : 'real'} ${'ZipFile' in body.Content ? 'inline' : 'S3'}`
    })
    expect(contents).toEqual([`${US} filler inline`, `${US} filler inline`, `${EU} real S3`, `${US} real S3`])
  })
})
