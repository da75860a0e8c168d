// dist/index.js across regions that answer differently, as real AWS does: buckets bound to their
// region, an opt-in region the account has not enabled, a region that refuses a field.
import { describe, expect, it } from '@jest/globals'
import { oidcEnv, readmeInputs, run, useEmulator, errorLine } from './support.js'

const e2e = useEmulator()

const layerVersion = (region: string) => e2e.emu.layerVersions(region, 'my-deps')[0] as Record<string, unknown> | undefined

describe('S3 buckets are regional', () => {
  it('uploads to and publishes from each region its own {region} bucket', async () => {
    e2e.emu.createBucket('eu-west-1', 'layers-eu-west-1')
    e2e.emu.createBucket('us-east-1', 'layers-us-east-1')
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1', 's3-bucket': 'layers-{region}' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const puts = e2e.emu.requestsFor('PutObject').map((r) => `${r.region} ${r.path.split('/')[1]}`)
    expect(puts.sort()).toEqual(['eu-west-1 layers-eu-west-1', 'us-east-1 layers-us-east-1'])
    const sources = e2e.emu
      .requestsFor('PublishLayerVersion')
      .map((r) => `${r.region} ${(r.body as { Content: { S3Bucket: string } }).Content.S3Bucket}`)
    expect(sources.sort()).toEqual(['eu-west-1 layers-eu-west-1', 'us-east-1 layers-us-east-1'])
    expect(Object.keys(JSON.parse(result.outputs['layer-version-arns']))).toEqual(['eu-west-1', 'us-east-1'])
  })

  it('fills {region} in s3-key too, as in s3-bucket; a mode delete warns about the publish-only inputs it ignores', async () => {
    e2e.emu.createBucket('eu-west-1', 'layers-eu-west-1')
    e2e.emu.createBucket('us-east-1', 'layers-us-east-1')
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1', 's3-bucket': 'layers-{region}', 's3-key': 'k/{region}.zip' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    const puts = e2e.emu.requestsFor('PutObject').map((r) => `${r.region} ${r.path}`)
    expect(puts.sort()).toEqual(['eu-west-1 /layers-eu-west-1/k/eu-west-1.zip', 'us-east-1 /layers-us-east-1/k/us-east-1.zip'])
    const deleted = await run({ ...inputs, mode: 'delete', 'keep-versions': '1' }, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(deleted.code).toBe(0)
    expect(deleted.stdout).toContain(
      "::warning::Input 'keep-versions': mode delete deletes every version of the layer, so it does nothing in this run"
    )
  })

  it.each([['false'], ['true']])('refuses one bucket for several regions before any AWS call (dry-run: %s)', async (dryRun) => {
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, us-east-1', 's3-bucket': 'layers', 'dry-run': dryRun }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(errorLine(result)).toContain("Input 's3-bucket': 'layers' is one bucket, but regions names 2 regions")
    expect(errorLine(result)).toContain("'layers-{region}'")
    expect(e2e.emu.requests).toEqual([])
  })

  it('names the region of a bucket that is elsewhere', async () => {
    e2e.emu.createBucket('us-east-1', 'layers-virginia')
    const result = await run(
      { ...readmeInputs(e2e.emu), 's3-bucket': 'layers-virginia' },
      { workspace: e2e.workspace, env: oidcEnv(e2e.emu) }
    )
    expect(result.code).toBe(1)
    const line = errorLine(result)
    expect(line).toContain('s3://layers-virginia/')
    expect(line).toContain('The bucket is in us-east-1, not eu-west-1')
    expect(line).toContain('{region}')
    // One line per failed region (%0A between them), each on one line and without '..'.
    expect(line.split('%0A')).toHaveLength(2)
    expect(line).not.toMatch(/\.\. /)
    expect(e2e.emu.requestsFor('PublishLayerVersion')).toEqual([])
  })
})

describe('regions that differ', () => {
  it('says a region that does not recognise the credentials others accept may not be enabled', async () => {
    e2e.emu.disabledRegions.add('ap-east-2')
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, ap-east-2' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(1)
    expect(layerVersion('eu-west-1')).toBeDefined()
    expect(layerVersion('ap-east-2')).toBeUndefined()
    const line = errorLine(result)
    expect(line).toContain(
      'ap-east-2: UnrecognizedClientException: The security token included in the request is invalid (from ListLayerVersions). The same credentials work in other regions, so ap-east-2 is most likely an opt-in region not enabled for this account'
    )
    expect(line).not.toMatch(/\.\. /)
    expect(result.summary).toContain('opt-in region not enabled')
  })

  it('publishes without a field a region refuses, and warns naming the region', async () => {
    e2e.emu.unsupportedFields.set('af-south-1', new Set(['CompatibleArchitectures']))
    const inputs = { ...readmeInputs(e2e.emu), regions: 'eu-west-1, af-south-1' }
    const result = await run(inputs, { workspace: e2e.workspace, env: oidcEnv(e2e.emu) })
    expect(result.code).toBe(0)
    expect(layerVersion('eu-west-1')?.CompatibleArchitectures).toEqual(['x86_64'])
    expect(layerVersion('af-south-1')?.CompatibleArchitectures ?? []).toEqual([])
    expect(layerVersion('af-south-1')?.CompatibleRuntimes).toEqual(['python3.12', 'python3.13'])
    expect(result.stdout).toMatch(
      /::warning::af-south-1: published without CompatibleArchitectures \(x86_64\): the region refused it \(InvalidParameterValueException: CompatibleArchitectures are not supported in af-south-1/
    )
    const inAfrica = e2e.emu.requestsFor('PublishLayerVersion').filter((r) => r.region === 'af-south-1')
    expect(inAfrica.map((r) => 'CompatibleArchitectures' in (r.body as object))).toEqual([true, false])
    expect(e2e.emu.layerVersions('af-south-1', 'my-deps')).toHaveLength(1)
  })
})
