// Waiting in tests: for a condition, never for a fixed time. A fixed sleep is either too short on
// a busy machine (a flaky test) or too long everywhere (a slow suite).
import type { TestDatabase } from "./databases.ts";

/** Polls `condition` every 50 ms until it holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Until the server answers `path` with 2xx (a freshly spawned instance). */
export function waitForHttp(url: string, timeoutMs = 20_000) {
  return waitUntil(
    () =>
      fetch(url)
        .then((response) => response.ok)
        .catch(() => false),
    `${url} to answer`,
    timeoutMs,
  );
}

/**
 * Until no mail is waiting in the outbox (optionally only mail to addresses LIKE `to`): after
 * this, what the SMTP sink holds is everything the app will send for what happened so far, so a
 * test can assert that something was *not* sent without sleeping.
 */
export function outboxSettled(db: TestDatabase, to = "%", timeoutMs = 20_000) {
  return waitUntil(
    async () => {
      const [row] = await db.query<{ n: number | string }>(
        `SELECT COUNT(*) AS "n" FROM "OutboxMessage" WHERE "status" = 'queued' AND "to" LIKE $1`,
        [to],
      );
      return Number(row.n) === 0;
    },
    `the outbox to send every queued mail to ${to}`,
    timeoutMs,
  );
}
