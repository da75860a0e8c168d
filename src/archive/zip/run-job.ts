// Runs one job on the calling thread, whatever its kind: what a deflate worker does with each job
// of a message, and the main thread with each job of a tiny layer. A FilesJob's files are read one
// after another, each failure kept as that file's outcome, not the job's.
import { deflateJob, type DeflateFailure, type DeflateJob, type DeflateResult } from './deflate.js'
import type { Spares } from './spares.js'
import { AnswerBuilder, jobsOfFiles, type FilesJob, type FilesResult } from './wire.js'

/** Any job a deflater runs. */
export type AnyJob = DeflateJob | FilesJob

/** What a job returns, of the job's kind. */
export type AnyResult = DeflateResult | FilesResult

/** A job that threw, as it crosses back from a worker: the fs error's message and code. Never throws. */
export function failure(err: unknown): DeflateFailure {
  const e = err as Partial<NodeJS.ErrnoException> | undefined
  return { error: { message: String(e?.message ?? err), code: e?.code } }
}

/**
 * Runs `job` here. Returns its result; a FilesJob's answer holds each file's outcome, a failure
 * included. Throws what deflateJob throws for any other job (the file is not the planned one, an
 * fs error); a whole file's data is valid until the next job (see ownedResult). A FilesJob's
 * answer goes into buffers from `spares` when given.
 */
export function runJob(job: AnyJob, spares?: Spares): AnyResult {
  if (job.kind !== 'files') return deflateJob(job)
  const jobs = jobsOfFiles(job)
  const answer = new AnswerBuilder(jobs, spares)
  jobs.forEach((file, i) => {
    try {
      answer.add(i, deflateJob(file))
    } catch (err) {
      answer.add(i, failure(err))
    }
  })
  return { kind: 'files', answer: answer.answer(0) }
}
