// Group commit (decision 027): items submitted while a batch is being written wait and go into
// the next batch together, so a crowd of concurrent requests costs one transaction per batch
// instead of one each. Nobody waits for a timer: the first item starts a batch at the end of the
// current event-loop turn, and later items join the batch after the one in flight. Each caller's
// promise settles only once its own batch has committed or failed.

type Waiting<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

export type GroupCommitOptions = {
  /** Items per batch. */
  maxBatch: number;
  /** Items that may wait behind the batch in flight; beyond that `overloaded()` is thrown at once. */
  maxWaiting: number;
  overloaded: () => unknown;
  /**
   * For an error of a whole batch: true if the items still waiting would fail the same way (the
   * database is away), so they fail now instead of each waiting for its own timeout.
   */
  failsWaiting?: (error: unknown) => boolean;
  /** Told the size of every batch written (for metrics). */
  onBatch?: (size: number) => void;
};

/**
 * Wraps `write` into a function for one item. `write` stores a batch and answers for each item, in
 * order, as Promise.allSettled does (so one item can fail alone); if it throws, every item of the
 * batch fails with that error. At most one batch per wrapper is in flight.
 */
export function groupCommit<T, R>(
  write: (items: T[]) => Promise<PromiseSettledResult<R>[]>,
  options: GroupCommitOptions,
): (item: T) => Promise<R> {
  let queue: Waiting<T, R>[] = [];
  let running = false;

  async function drain() {
    running = true;
    // Requests read in this turn join the first batch.
    await new Promise<void>((resolve) => setImmediate(resolve));
    while (queue.length > 0) {
      const batch = queue.slice(0, options.maxBatch);
      queue = queue.slice(batch.length);
      options.onBatch?.(batch.length);
      try {
        const results = await write(batch.map((waiting) => waiting.item));
        if (results.length !== batch.length)
          throw new Error(`group commit: ${results.length} results for ${batch.length} items`);
        batch.forEach((waiting, index) => {
          const result = results[index];
          if (result.status === "fulfilled") waiting.resolve(result.value);
          else waiting.reject(result.reason);
        });
      } catch (error) {
        const failing = options.failsWaiting?.(error) ? [...batch, ...queue.splice(0)] : batch;
        for (const waiting of failing) waiting.reject(error);
      }
    }
    running = false;
  }

  return (item) =>
    new Promise<R>((resolve, reject) => {
      if (queue.length >= options.maxWaiting) return reject(options.overloaded());
      queue.push({ item, resolve, reject });
      if (!running) void drain();
    });
}
