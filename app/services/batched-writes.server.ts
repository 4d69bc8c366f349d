// Group commit for the hot writes (decision 027): requests that arrive together share one
// transaction, each answered only once its own batch has committed. Signing and confirming both
// go through here, so they fail the same way: a row refused for its data fails alone (the batch
// is retried row by row); a database that is away, busy or timed out fails the whole batch and
// everyone waiting behind it with a 503 at once; a queue longer than `maxWaiting` is a 503 too.
import { groupCommit } from "~/lib/group-commit.ts";
import { rawDialect, rawTransaction, type RawSql } from "~/lib/raw-sql.server.ts";
import { isServiceUnavailable, serviceUnavailable } from "~/lib/answers.ts";

export type BatchedWriteOptions<T, R> = {
  maxBatch: number;
  maxWaiting: number;
  onBatch?: (size: number) => void;
  onRetry?: () => void;
  /** After a batch committed (not awaited by the callers): announce what changed, once per batch. */
  afterCommit?: (items: T[], results: R[]) => Promise<void>;
};

/**
 * Wraps `write` (one transaction for many items; returns one result per item, in order) into a
 * function for one item.
 */
export function batchedWrites<T, R>(
  write: (sql: RawSql, items: T[]) => Promise<R[]>,
  options: BatchedWriteOptions<T, R>,
): (item: T) => Promise<R> {
  const inTransaction = (items: T[]) =>
    rawTransaction(async (sql) => {
      // A stuck lock must not hold every request of this instance: the batch gives up after 10 s.
      if (rawDialect() === "postgres") await sql.run("SET LOCAL statement_timeout = 10000");
      return write(sql, items);
    });
  const one = groupCommit(
    async (batch: T[]): Promise<PromiseSettledResult<R>[]> => {
      try {
        const results = await inTransaction(batch);
        void options.afterCommit?.(batch, results).catch(() => {});
        return results.map((value) => ({ status: "fulfilled", value }));
      } catch (error) {
        // An outage, a timeout or a busy database would fail every row the same way, slowly: not retried.
        if (batch.length === 1 || !isAboutTheData(error)) throw error;
        options.onRetry?.();
        const results: PromiseSettledResult<R>[] = [];
        for (const item of batch)
          results.push(
            await inTransaction([item]).then(
              ([value]) => {
                void options.afterCommit?.([item], [value]).catch(() => {});
                return { status: "fulfilled", value } as const;
              },
              (reason: unknown) => ({ status: "rejected", reason }) as const,
            ),
          );
        return results;
      }
    },
    {
      maxBatch: options.maxBatch,
      maxWaiting: options.maxWaiting,
      overloaded: serviceUnavailable,
      failsWaiting: (error) => unavailableAnswer(error) !== null,
      onBatch: options.onBatch,
    },
  );
  return (item) =>
    one(item).catch((error: unknown) => {
      throw unavailableAnswer(error) ?? error;
    });
}

/** Errors caused by a row's values (constraints, a missing counter row), not by the database's state. */
function isAboutTheData(error: unknown) {
  if (error instanceof Response) return false;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== "string") return true;
  return /^2[23]/.test(code) || /^SQLITE_(CONSTRAINT|MISMATCH|TOOBIG|RANGE)/.test(code);
}

/** A 503 for this request when the database is away, timed out or busy; null for other errors. */
function unavailableAnswer(error: unknown): Response | null {
  const code = (error as { code?: unknown } | null)?.code;
  const busy =
    typeof code === "string" && (["57014", "55P03", "53300"].includes(code) || /^SQLITE_(BUSY|LOCKED)/.test(code));
  if (!busy && !isServiceUnavailable(error)) return null;
  // One answer object per request: a batch shares its failure, a Response's body can be read once.
  return serviceUnavailable();
}
