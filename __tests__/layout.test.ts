import { describe, expect, it } from '@jest/globals'
import { layoutWarnings, runtimeLayout } from '../src/plan/layout.js'

describe('runtimeLayout', () => {
  it.each([
    ['nodejs22.x', ['nodejs/node_modules/', 'nodejs/node22/node_modules/']],
    ['nodejs24.x', ['nodejs/node_modules/', 'nodejs/node24/node_modules/']],
    ['nodejs', ['nodejs/node_modules/']],
    ['python3.12', ['python/', 'python/lib/python3.12/site-packages/']],
    ['python2.7', ['python/', 'python/lib/python2.7/site-packages/']],
    ['java21', ['java/lib/']],
    ['java8.al2', ['java/lib/']],
    ['ruby3.4', ['ruby/gems/', 'ruby/lib/']],
    ['provided.al2023', ['bootstrap']],
    ['provided', ['bootstrap']]
  ])('%s reads %j', (runtime, folders) => {
    expect(runtimeLayout(runtime)?.folders).toEqual(folders)
  })

  it.each(['dotnet8', 'go1.x', 'unknown9'])('%s has no folder of its own', (runtime) => {
    expect(runtimeLayout(runtime)).toBeUndefined()
  })
})

describe('layoutWarnings', () => {
  const cases: [string, string[], string[], number][] = [
    // name, entry names, runtimes, expected warning count
    ['python package under python/', ['python/', 'python/requests/', 'python/requests/api.py'], ['python3.12'], 0],
    ['python site-packages', ['python/lib/python3.13/site-packages/x.py'], ['python3.13'], 0],
    ['python content at the root', ['requests/', 'requests/api.py'], ['python3.12'], 1],
    ['only the empty prefix folder', ['python/'], ['python3.12'], 1],
    ['node_modules', ['nodejs/node_modules/left-pad/index.js'], ['nodejs22.x'], 0],
    ['versioned node folder', ['nodejs/node22/node_modules/x/index.js'], ['nodejs22.x'], 0],
    ['other node version folder', ['nodejs/node20/node_modules/x/index.js'], ['nodejs22.x'], 1],
    ['node_modules at the root', ['node_modules/x/index.js'], ['nodejs20.x', 'nodejs22.x'], 2],
    ['java jars', ['java/lib/a.jar'], ['java21'], 0],
    ['java jars at root', ['a.jar'], ['java21', 'java17'], 2],
    ['ruby gems', ['ruby/gems/3.3.0/gems/x/lib/x.rb'], ['ruby3.3'], 0],
    ['ruby lib', ['ruby/lib/x.rb'], ['ruby3.3'], 0],
    ['ruby at root', ['gems/x.rb'], ['ruby3.3'], 1],
    ['custom runtime bootstrap', ['bootstrap'], ['provided.al2023'], 0],
    ['bootstrap in a folder', ['runtime/bootstrap'], ['provided.al2023'], 1],
    ['bin serves every runtime', ['bin/', 'bin/ffmpeg'], ['python3.12', 'nodejs22.x', 'provided.al2023'], 0],
    ['lib serves every runtime', ['lib/libvips.so'], ['java21', 'ruby3.4'], 0],
    ['no runtimes declared', ['anything'], [], 0],
    ['dotnet is never warned', ['anything'], ['dotnet8'], 0],
    ['one of two runtimes served', ['python/x.py'], ['python3.12', 'nodejs22.x'], 1]
  ]
  it.each(cases)('%s', (_name, names, runtimes, count) => {
    expect(layoutWarnings(names, runtimes)).toHaveLength(count)
  })

  it('names the runtime, the folders it reads and a prefix to try', () => {
    expect(layoutWarnings(['requests/api.py'], ['python3.12'])).toEqual([
      'No entry is under a folder python3.12 reads: expected python/, python/lib/python3.12/site-packages/, bin/ or lib/ (set prefix: python?)'
    ])
    expect(layoutWarnings(['x/index.js'], ['nodejs22.x'])[0]).toBe(
      'No entry is under a folder nodejs22.x reads: expected nodejs/node_modules/, nodejs/node22/node_modules/, bin/ or lib/ (set prefix: nodejs/node_modules?)'
    )
    expect(layoutWarnings(['ruby.rb'], ['ruby3.4'])[0]).toContain('set prefix: ruby/gems/3.4.0 or ruby/lib?')
    expect(layoutWarnings(['main'], ['provided.al2023'])[0]).toContain('expected bootstrap, bin/ or lib/')
  })
})
