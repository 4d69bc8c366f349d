// One bounded autocannon run, summarised: rate of expected answers, latency percentiles (from
// every response's own sub-millisecond time, not autocannon's whole-millisecond histogram), and
// everything unexpected (other statuses, socket errors, timeouts).
// @ts-expect-error autocannon publishes no types
import autocannon from "autocannon";

/**
 * @typedef {{ ok: number, perSecond: number, p50: number, p90: number, p99: number, max: number,
 *   unexpected: number, statuses: Record<string, number>, errors: number, errorKinds: Record<string, number>, timeouts: number,
 *   seconds: number, connections: number, bytesPerResponse: number }} LoadResult
 */

/**
 * @param {{ url: string, connections: number, duration?: number, amount?: number, maxSeconds: number,
 *   expectStatus: number, method?: string, headers?: Record<string, string>, requests?: any[] }} options
 * @returns {Promise<LoadResult>}
 */
export function runLoad(options) {
  /** @type {number[]} */
  const times = [];
  let bytes = 0;
  /** @type {Record<string, number>} */
  const errorKinds = {};
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        pipelining: 1,
        timeout: 10,
        method: /** @type {any} */ (options.method ?? "GET"),
        headers: options.headers,
        requests: options.requests,
        ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 10 }),
      },
      (/** @type {Error | null} */ error, /** @type {any} */ result) => {
        clearTimeout(guard);
        if (error) return reject(error);
        const statuses = Object.fromEntries(
          Object.entries(result.statusCodeStats ?? {}).map(([code, stat]) => [code, /** @type {any} */ (stat).count]),
        );
        const ok = statuses[String(options.expectStatus)] ?? 0;
        const answered = Object.values(statuses).reduce((sum, n) => sum + n, 0);
        const seconds = result.duration;
        times.sort((a, b) => a - b);
        resolve({
          ok,
          perSecond: Math.round(ok / seconds),
          p50: percentile(times, 50),
          p90: percentile(times, 90),
          p99: percentile(times, 99),
          max: round2(times.at(-1) ?? 0),
          // autocannon counts a timeout as an error too
          unexpected: answered - ok + result.errors,
          statuses,
          errors: result.errors,
          errorKinds,
          timeouts: result.timeouts,
          seconds,
          connections: options.connections,
          bytesPerResponse: ok ? Math.round(bytes / ok) : 0,
        });
      },
    );
    // Bounded in time whatever happens (amount-based runs stop on their own before this).
    const guard = setTimeout(() => instance.stop(), options.maxSeconds * 1000);
    instance.on("reqError", (/** @type {any} */ error) => {
      const kind = error?.code ?? error?.message ?? String(error);
      errorKinds[kind] = (errorKinds[kind] ?? 0) + 1;
    });
    instance.on(
      "response",
      (
        /** @type {unknown} */ _client,
        /** @type {number} */ statusCode,
        /** @type {number} */ resBytes,
        /** @type {number} */ responseTime,
      ) => {
        if (statusCode === options.expectStatus) {
          times.push(responseTime);
          bytes += resBytes;
        }
      },
    );
  });
}

/** @param {number[]} sorted @param {number} p */
export function percentile(sorted, p) {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return round2(sorted[index]);
}

export const round2 = (/** @type {number} */ n) => Math.round(n * 100) / 100;
