// Small files read as one FilesJob: each file's outcome in order (a failure stays that file's),
// the same bytes as a file read alone, and the answer's buffers handed back to the worker that
// made it, which reuses them (spares.ts).
import { afterAll, describe, expect, it } from '@jest/globals'
import { stat, unlink } from 'node:fs/promises'
import path from 'node:path'
import { deflateJob, type WholeResult } from '../src/archive/zip/deflate.js'
import { InlineDeflater, WorkerDeflater } from '../src/archive/zip/pool.js'
import type { AnyResult } from '../src/archive/zip/run-job.js'
import { Spares } from '../src/archive/zip/spares.js'
import { filesJob, outcomeOf, type FilesResult } from '../src/archive/zip/wire.js'
import { makeTree, removeTempDirs } from './helpers/layer-tree.js'
import { TEST_WORKER_URL as workerUrl } from './helpers/worker.js'

afterAll(removeTempDirs)

/** Three small files on disk, as a FilesJob reads them. */
async function threeFiles() {
  const root = await makeTree({ 'a.py': 'A = 1\n'.repeat(40), 'b.py': 'B = 2\n', 'c.py': 'C = 3\n'.repeat(9) })
  return Promise.all(
    ['a.py', 'b.py', 'c.py'].map(async (name) => {
      const file = path.join(root, name)
      const { size, ino, dev } = await stat(file)
      return { path: file, size, ino, dev }
    })
  )
}

function filesResult(r: AnyResult): FilesResult {
  if (r.kind !== 'files') throw new Error(`expected a files result, got ${r.kind}`)
  return r
}

describe('a FilesJob', () => {
  it('answers each file as reading it alone would, and one failure as that file only', async () => {
    const files = await threeFiles()
    // A job's data is valid until the next job: each is kept as hex at once.
    const expected = files.map((f) => {
      const r = deflateJob({ kind: 'whole', path: f.path, length: f.size, planned: f }) as WholeResult
      return { ...r, data: r.data.toString('hex') }
    })
    await unlink(files[1].path)
    const { answer } = filesResult(await new InlineDeflater().run(filesJob('whole', files)))
    const outcomes = [0, 1, 2].map((i) => outcomeOf(answer, i))
    for (const i of [0, 2]) {
      const r = outcomes[i] as WholeResult
      expect({ ...r, data: r.data.toString('hex') }).toEqual(expected[i])
    }
    expect(outcomes[1]).toEqual({ error: expect.objectContaining({ code: 'ENOENT' }) })
  })

  it('measures without deflating when it reads for CRC-32s', async () => {
    const files = await threeFiles()
    const { answer } = filesResult(await new InlineDeflater().run(filesJob('crc', files)))
    expect(outcomeOf(answer, 2)).toEqual({ kind: 'crc', crc: expect.any(Number), size: files[2].size, fileSize: files[2].size })
    expect(answer.pack.byteLength).toBe(0)
  })

  it("goes back to its worker when recycled: detached here, and that worker's next answer is still right", async () => {
    const files = await threeFiles()
    const pool = new WorkerDeflater(1, workerUrl)
    try {
      const first = filesResult(await pool.run(filesJob('whole', files)))
      const before = (outcomeOf(first.answer, 0) as WholeResult).sha256
      pool.recycle(first)
      expect(first.answer.pack.byteLength).toBe(0)
      expect(first.answer.rows.length).toBe(0)
      const second = filesResult(await pool.run(filesJob('whole', files)))
      expect((outcomeOf(second.answer, 0) as WholeResult).sha256).toBe(before)
    } finally {
      await pool.close()
    }
  })
})

describe('spare buffers', () => {
  it('hands back a spare big enough, else a new buffer of at least 64 KiB', () => {
    const spares = new Spares()
    const first = spares.take(100)
    expect(first.byteLength).toBe(64 * 1024)
    spares.give([first])
    expect(spares.take(1000)).toBe(first)
    const big = spares.take(200 * 1024)
    expect(big.byteLength).toBe(200 * 1024)
  })

  it('keeps at most 8, and never a detached (empty) one', () => {
    const spares = new Spares()
    const given = Array.from({ length: 10 }, () => new ArrayBuffer(64 * 1024))
    spares.give([new ArrayBuffer(0), ...given])
    const taken = Array.from({ length: 10 }, () => spares.take(1))
    expect(taken.filter((b) => given.includes(b))).toHaveLength(8)
  })
})
