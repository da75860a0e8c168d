// Bounded concurrency (symlink checks, the region fan-out, sharing and pruning each cap the work
// in flight) and a pace (Lambda calls per region stay under the account's request rate).

/** A gate that runs at most `max` tasks at once, in the order they ask. The returned function
 * resolves or rejects as its task does; the gate itself never throws. */
export function limiter(max: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0
  const waiting: (() => void)[] = []
  return async (task) => {
    if (active >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    else active++
    try {
      return await task()
    } finally {
      // Hand the slot straight to a waiter so a newcomer cannot slip in and exceed `max`.
      const next = waiting.shift()
      if (next) next()
      else active--
    }
  }
}

/** Waits for a turn: resolves when the caller may send, rejects with the signal's reason when it
 * aborts first (the turn then goes to the next caller, unused). */
export type Pace = (signal?: AbortSignal) => Promise<void>

interface Turn {
  go: () => void
  signal?: AbortSignal
}

/**
 * A pace of one call per `intervalMs` milliseconds, shared by everyone holding it, in the order
 * they ask; no burst. A caller that gives up (its signal aborts) leaves the line without using a
 * turn, so a cancelled run's queued calls do not hold up its clean-up. The pace itself never throws.
 */
export function pacer(intervalMs: number): Pace {
  const line: Turn[] = []
  let nextTurnAt = 0
  let timer: NodeJS.Timeout | undefined
  const serve = (): void => {
    timer = undefined
    while (line.length > 0 && line[0].signal?.aborted) line.shift()
    const turn = line.shift()
    if (!turn) return
    nextTurnAt = Date.now() + intervalMs
    turn.go()
    if (line.length > 0) timer = setTimeout(serve, intervalMs)
  }
  return (signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error)
      const leave = () => reject(signal?.reason as Error)
      signal?.addEventListener('abort', leave, { once: true })
      line.push({
        signal,
        go: () => {
          signal?.removeEventListener('abort', leave)
          resolve()
        }
      })
      timer ??= setTimeout(serve, Math.max(0, nextTurnAt - Date.now()))
    })
}
