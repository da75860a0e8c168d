// The step log of a normal publish in three regions, run as the runner runs dist/index.js and
// rendered as the runner shows it (scripts/runner-log.js), with step debug logging (RUNNER_DEBUG=1)
// and without: a group per stage, each region's groups holding its own lines only, a debug line
// per AWS call (and per decision) only with debug on, and no secret anywhere.
import { describe, expect, it } from '@jest/globals'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { renderRunnerLog } from '../../scripts/runner-log.js'
import {
  groupsOf,
  oidcEnv,
  publishAsAnotherTool,
  pythonWorkspace,
  readmeInputs,
  run,
  start,
  unmaskedUses,
  useEmulator,
  type RunResult
} from './support.js'

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2']
const e2e = useEmulator()

/** A publish in the three regions, skip-unchanged and keep-versions 1, over a day-old version 1
 * of other content in each: the newest version's zip is read, then version 2 published, shared, and
 * version 1 pruned. Returns the run and the requests the emulator got from it. */
async function publishOverVersionOne(debug: boolean) {
  const inputs = { ...readmeInputs(e2e.emu), regions: REGIONS.join(', ') }
  const other = await pythonWorkspace()
  await writeFile(path.join(other, 'layer/python/mydeps/__init__.py'), 'VALUE = 41\n')
  expect((await run(inputs, { workspace: other, env: oidcEnv(e2e.emu) })).code).toBe(0)
  // A day old: keep-versions spares versions made less than 15 minutes before the run's own.
  for (const region of REGIONS) e2e.emu.ageLayerVersions(region, 'my-deps', 24 * 60 * 60_000)
  const seeded = e2e.emu.requests.length
  const env = { ...oidcEnv(e2e.emu), RUNNER_DEBUG: debug ? '1' : undefined }
  const result = await run({ ...inputs, 'skip-unchanged': 'true', 'keep-versions': '1' }, { workspace: e2e.workspace, env })
  expect(result.code).toBe(0)
  return { result, requests: e2e.emu.requests.slice(seeded) }
}

/** A call's debug line: service, operation, region, attempt, outcome (aws/call-log.ts). */
const CALL = /^Debug: (lambda|sts|s3|ssm) (\w+)(?: \([^)]*\))? in ([a-z0-9-]+), attempt (\d+): (.+) in \d+ ms$/

describe('a publish in three regions, with step debug logging', () => {
  it('logs a group per stage, each region whole, a debug line per AWS call and decision, no secret', async () => {
    const { result, requests } = await publishOverVersionOne(true)
    const rendered = renderRunnerLog(result.log, { debug: true }).lines
    const groups = groupsOf(rendered)
    const titles = groups.map((g) => g.title)

    // Stages in order; between credentials and report, each region's stages one after another.
    expect(titles.slice(0, 3)).toEqual(['Inputs', 'Archive', 'Credentials'])
    expect(titles[titles.length - 1]).toBe('Report')
    const regionTitles = titles.slice(3, -1)
    const order = regionTitles.filter((_, i) => i % 3 === 0).map((t) => t.split(':')[0])
    expect([...order].sort()).toEqual([...REGIONS].sort())
    expect(regionTitles).toEqual(order.flatMap((r) => [`${r}: publish`, `${r}: share`, `${r}: prune`]))

    for (const region of REGIONS) {
      const own = groups.filter((g) => g.title.startsWith(`${region}: `))
      const text = own.flatMap((g) => g.lines).join('\n')
      // Its own lines only: no other region is named in them.
      for (const other of REGIONS.filter((r) => r !== region)) expect(text).not.toContain(other)
      // Every AWS call it made, one line per attempt.
      const logged = own.flatMap((g) => g.lines.map((l) => CALL.exec(l))).filter((m): m is RegExpExecArray => m !== null)
      const lambdaOps = requests.filter((r) => r.service === 'lambda' && r.region === region).map((r) => r.operation)
      expect(logged.every((m) => m[3] === region)).toBe(true)
      expect(
        logged
          .filter((m) => m[1] === 'lambda')
          .map((m) => m[2])
          .sort()
      ).toEqual([...lambdaOps].sort())
      expect(logged.filter((m) => m[1] === 's3').map((m) => `${m[2]} ${m[5]}`)).toEqual(['GetObject HTTP 206'])
      // The decisions.
      const [publish, share, prune] = own.map((g) => g.lines)
      expect(publish).toContainEqual(expect.stringMatching(/^skip-unchanged: publishing \(version 1 holds different content: 1 changed/))
      expect(publish).toContain(
        "Debug: Ownership baseline: version 1 is the newest before this run; only a newer version can be this run's"
      )
      expect(publish).toContain(`Published arn:aws:lambda:${region}:123456789012:layer:my-deps:2`)
      expect(share).toContain(
        'Debug: lambda:GetLayerVersion for 111122223333 (statement id publish-lambda-layer-account-111122223333): added'
      )
      expect(prune).toContain('Debug: Prune: 2 version(s) listed; keeping the newest 1: 2; deleting: 1')
      expect(prune).toContain('Deleted 1 old version(s) (keep-versions 1): 1')
      // Its result, at the top level right after its groups.
      expect(rendered).toContain(
        `${region}: published arn:aws:lambda:${region}:123456789012:layer:my-deps:2, shared with 2 principals, 1 old version deleted`
      )
    }

    const credentials = groups[2].lines
    expect(credentials).toContainEqual(
      expect.stringMatching(/^Debug: GitHub OIDC token for audience sts\.amazonaws\.com, attempt 1: HTTP 200 in \d+ ms$/)
    )
    expect(credentials).toContainEqual(
      expect.stringMatching(/^Debug: sts AssumeRoleWithWebIdentity in eu-west-1, attempt 1: HTTP 200 in \d+ ms$/)
    )
    expect(credentials).toContain(
      'AWS calls run as arn:aws:sts::123456789012:assumed-role/layer-publisher/GitHubActions (account 123456789012)'
    )
    // Every AWS call of the run has its line: Lambda's, STS's and the stored zips' range reads.
    const allCalls = rendered.filter((l) => CALL.test(l.trim()))
    expect(allCalls).toHaveLength(requests.filter((r) => r.service !== 'oidc').length)

    expectNoSecret(result)
  })
})

describe('the same publish without step debug logging', () => {
  it('shows the same groups, no debug line, and stays short', async () => {
    const { result } = await publishOverVersionOne(false)
    expect(result.log).not.toMatch(/attempt \d+: /)
    const rendered = renderRunnerLog(result.log).lines
    expect(rendered.filter((l) => l.includes('Debug:'))).toEqual([])
    expect(groupsOf(rendered)).toHaveLength(3 + 3 * REGIONS.length + 1)
    const topLevel = rendered.filter((l) => !l.startsWith('▾ ') && !l.startsWith('  '))
    // Per region: three progress lines and its result.
    expect(topLevel).toHaveLength(4 * REGIONS.length)
    expect(rendered.length).toBeLessThan(60)
    expectNoSecret(result)
  })
})

describe('a cancelled publish in two regions', () => {
  /** Cancelled while us-east-1 shares (held), once eu-west-1 has finished; `hangDelete`: the
   * withdrawal of us-east-1's version hangs past the run's deadline. */
  async function cancelledMidShare(hangDelete: boolean): Promise<{ result: RunResult; rendered: string[] }> {
    e2e.emu.faults.add('AddLayerVersionPermission', { hold: 'shares', region: 'us-east-1' })
    if (hangDelete) e2e.emu.faults.add('DeleteLayerVersion', { hang: true })
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1' }
    const running = await start(inputs, { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), RUNNER_DEBUG: '1' } })
    await e2e.emu.waitForRequest((r) => r.operation === 'AddLayerVersionPermission' && r.region === 'us-east-1')
    await running.waitForOutput('eu-west-1: published ')
    const result = await running.cancel()
    expect(result.code).toBe(1)
    return { result, rendered: renderRunnerLog(result.log, { debug: true }).lines }
  }

  /** The region's groups are whole and end before the report's; returns its result line. */
  function expectWhole(rendered: string[], region: string): string {
    const titles = groupsOf(rendered).map((g) => g.title)
    const own = titles.filter((t) => t.startsWith(`${region}: `))
    expect(own).toEqual([`${region}: publish`, `${region}: share`])
    const first = titles.indexOf(own[0])
    expect(titles.slice(first, first + 2)).toEqual(own)
    expect(titles[titles.length - 1]).toBe('Report')
    // Its result: the line right after its last group.
    const last = rendered.indexOf(`▾ ${region}: share`)
    const result = rendered.findIndex((l, i) => i > last && !l.startsWith('  '))
    expect(result).toBeLessThan(rendered.indexOf('▾ Report'))
    return rendered[result]
  }

  it('prints the region that unwound whole, with the stage it failed in', async () => {
    const { rendered } = await cancelledMidShare(false)
    expect(expectWhole(rendered, 'eu-west-1')).toMatch(/^eu-west-1: published /)
    expect(expectWhole(rendered, 'us-east-1')).toBe(
      'us-east-1: failed in share: Sharing arn:aws:lambda:us-east-1:123456789012:layer:my-deps:1 stopped: the run was cancelled. Version 1 was deleted, so that no half-shared version stays live.'
    )
    expect(rendered).toContainEqual(
      expect.stringMatching(/^ {2}Debug: lambda AddLayerVersionPermission in us-east-1, attempt 1: AbortError in \d+ ms$/)
    )
  })

  it("prints a region still running at the run's deadline with its lines so far, before the report", async () => {
    const { rendered } = await cancelledMidShare(true)
    expect(expectWhole(rendered, 'us-east-1')).toBe("us-east-1: still running at the cancelled run's deadline: its lines so far are above")
    const report = groupsOf(rendered).find((g) => g.title === 'Report')
    expect(report?.lines).toContain(
      'Warning: us-east-1: left live, not settled by this run: arn:aws:lambda:us-east-1:123456789012:layer:my-deps:1'
    )
  })
})

describe('an aligned publish with ssm-parameter in two regions, with step debug logging', () => {
  it("logs the fillers in the lagging region's publish group, the parameter in its own group, and every call", async () => {
    // eu-west-1 holds versions 1 to 3 of other content; us-east-1 none: it needs 3 fillers.
    await publishAsAnotherTool(e2e.emu, 'eu-west-1', 3)
    const seeded = e2e.emu.requests.length
    const inputs = {
      ...readmeInputs(e2e.emu),
      regions: 'eu-west-1, us-east-1',
      'align-versions': 'true',
      'ssm-parameter': '/layers/my-deps/latest'
    }
    const result = await run(inputs, { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), RUNNER_DEBUG: '1' } })
    expect(result.code).toBe(0)
    const requests = e2e.emu.requests.slice(seeded)
    const rendered = renderRunnerLog(result.log, { debug: true }).lines
    const groups = groupsOf(rendered)
    const titles = groups.map((g) => g.title)
    expect(titles.slice(0, 3)).toEqual(['Inputs', 'Archive', 'Credentials'])
    expect(titles[titles.length - 1]).toBe('Report')
    for (const region of ['eu-west-1', 'us-east-1'])
      expect(titles.filter((t) => t.startsWith(`${region}: `))).toEqual([
        `${region}: publish`,
        `${region}: share`,
        `${region}: ssm-parameter`
      ])

    // What concerns both regions goes out at once, outside any group.
    const topLevel = rendered.filter((l) => !l.startsWith('▾ ') && !l.startsWith('  '))
    expect(topLevel).toContain('align-versions: the next version numbers are at least 4 in eu-west-1, 1 in us-east-1')
    expect(topLevel).toContain('align-versions: filling us-east-1 (3) up to version 4')
    expect(topLevel).toContain('align-versions: version 4 in eu-west-1, us-east-1')

    const lines = (title: string) => groups.find((g) => g.title === title)?.lines ?? []
    const usPublish = lines('us-east-1: publish')
    expect(usPublish).toContain('Debug: align-versions: needs 3 filler version(s) to reach version 4 (its next version is at least 1)')
    expect(usPublish.filter((l) => /^Debug: Filler version [123] published and deleted/.test(l))).toHaveLength(3)
    expect(usPublish).toContain('3 filler version(s) published and deleted; the next version is 4')
    expect(usPublish).toContain('Debug: align-versions: publishing at version 4, the common number')
    expect(lines('eu-west-1: publish').filter((l) => l.includes('filler'))).toEqual([])
    for (const region of ['eu-west-1', 'us-east-1']) {
      const ssm = lines(`${region}: ssm-parameter`)
      expect(ssm).toContainEqual(
        expect.stringMatching(new RegExp(`^Debug: ssm PutParameter in ${region}, attempt 1: HTTP 200 in \\d+ ms$`))
      )
      expect(ssm).toContain(
        `SSM parameter /layers/my-deps/latest now holds arn:aws:lambda:${region}:123456789012:layer:my-deps:4 (parameter version 1)`
      )
    }
    // Every AWS call has its line (fillers' publishes and deletes, the SSM writes), in its region.
    const calls = rendered.map((l) => CALL.exec(l.trim())).filter((m): m is RegExpExecArray => m !== null)
    const regional = (service: string) => (r: { service: string }) => r.service === service
    for (const service of ['lambda', 'ssm'])
      expect(
        calls
          .filter((m) => m[1] === service)
          .map((m) => `${m[2]} ${m[3]}`)
          .sort()
      ).toEqual(
        requests
          .filter(regional(service))
          .map((r) => `${r.operation} ${r.region}`)
          .sort()
      )
    expect(calls).toHaveLength(requests.filter((r) => r.service !== 'oidc').length)
    expectNoSecret(result)
  })
})

describe('a signed publish in two regions, with step debug logging', () => {
  it('logs the signing job in groups of its own, its calls there too; each region its copy and its lookups', async () => {
    for (const region of ['eu-west-1', 'us-east-1']) e2e.emu.createBucket(region, `layers-${region}`)
    e2e.emu.setBucketVersioning('layers-eu-west-1')
    e2e.emu.addSigningProfile({ name: 'LayerSigner', region: 'eu-west-1' })
    e2e.emu.signer.pollsUntilDone = 2
    const inputs = {
      ...readmeInputs(e2e.emu),
      regions: 'eu-west-1, us-east-1',
      's3-bucket': 'layers-{region}',
      'signing-profile-name': 'LayerSigner',
      'ssm-parameter': '/layers/my-deps/latest'
    }
    const result = await run(inputs, { workspace: e2e.workspace, env: { ...oidcEnv(e2e.emu), RUNNER_DEBUG: '1' } })
    expect(result.code).toBe(0)
    const rendered = renderRunnerLog(result.log, { debug: true }).lines
    const groups = groupsOf(rendered)
    const lines = (title: string) => groups.find((g) => g.title === title)?.lines ?? []
    const titles = groups.map((g) => g.title)
    expect(titles.slice(0, 4)).toEqual(['Inputs', 'Archive', 'Credentials', 'Signing'])
    // The job's groups come out whole, once signing ended, before the regions' own.
    const job = titles.indexOf('Signing: upload')
    expect(titles.slice(job, job + 2)).toEqual(['Signing: upload', 'Signing: signing job'])
    expect(job).toBeLessThan(titles.indexOf('eu-west-1: publish'))
    expect(lines('Signing: upload')).toContainEqual(expect.stringMatching(/^Debug: s3 PutObject in eu-west-1, attempt 1: HTTP 200/))
    const signing = lines('Signing: signing job')
    for (const line of [
      /^Signing s3:\/\/layers-eu-west-1\/.+: signing job arn:aws:signer:/,
      /^Waiting for signing job /,
      /: InProgress after \d+\.\d s$/,
      /: Succeeded after \d+\.\d s$/,
      /^Signed zip: s3:\/\/layers-eu-west-1\//,
      /^Debug: signer StartSigningJob in eu-west-1, attempt 1: HTTP 200/,
      /^Debug: signer DescribeSigningJob in eu-west-1, attempt 1: HTTP 200/,
      /^Debug: s3 GetObject in eu-west-1/
    ])
      expect(signing).toContainEqual(expect.stringMatching(line))
    expect(rendered).toContainEqual(expect.stringMatching(/^Signing: signed zip s3:\/\/layers-eu-west-1\/.+, CodeSha256 /))
    // Nothing of the job outside its groups, nor in a region's.
    const outside = rendered.filter((l) => !l.startsWith('  '))
    expect(outside.filter((l) => /Signing job |Signed zip|Waiting for signing/.test(l))).toEqual([])
    for (const region of ['eu-west-1', 'us-east-1']) {
      const own = groups.filter((g) => g.title.startsWith(`${region}: `)).flatMap((g) => g.lines)
      expect(own.filter((l) => /signer (StartSigningJob|DescribeSigningJob)|Signing job |s3 PutObject/.test(l))).toEqual([])
      // The lookup for same-content versions published meanwhile belongs to the publish stage.
      expect(lines(`${region}: publish`)).toContainEqual(
        expect.stringMatching(/^Debug: Looking for versions newer than 0 with this CodeSha256/)
      )
      expect(lines(`${region}: ssm-parameter`).filter((l) => l.includes('Looking for versions'))).toEqual([])
    }
    expect(lines('us-east-1: publish')).toContainEqual(expect.stringMatching(/^Copied the signed zip to s3:\/\/layers-us-east-1\//))
    expectNoSecret(result)
  })
})

/** Each credential part and the OIDC token is masked before its first use, and appears nowhere
 * else; the runner's request token and the presigned Content.Location (its query) never appear. */
function expectNoSecret(result: RunResult): void {
  const creds = e2e.emu.sts.issued[e2e.emu.sts.issued.length - 1]
  const token = e2e.emu.oidc.issued[e2e.emu.oidc.issued.length - 1].token
  const secrets = [token, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken].filter((s): s is string => Boolean(s))
  expect(unmaskedUses(result, secrets)).toEqual([])
  expect(result.log).not.toContain(e2e.emu.oidc.requestToken)
  expect(result.log).not.toMatch(/X-Amz-Signature|X-Amz-Security-Token|Credential=|layer-content/)
  const rendered = renderRunnerLog(result.log, { debug: true }).lines.join('\n')
  for (const secret of secrets) expect(rendered).not.toContain(secret)
}
