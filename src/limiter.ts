// Bounded concurrency: symlink checks, the region fan-out, sharing and pruning each cap the work
// in flight.

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
