// Bounded concurrency: the file walk, region fan-out and sharing each cap work in flight.

/** Runs at most `max` tasks at once, in the order they ask. */
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
