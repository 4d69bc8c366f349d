// The persisted mail queue. Mail is written in the same transaction as the change that causes
// it, and a worker in every app instance delivers it. A message is claimed with a conditional
// update (works on both databases and across instances), retried with exponential backoff while
// SMTP is down, and marked sent right after the server accepts it.
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import { isServiceUnavailable } from "~/lib/answers.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { rawAll, rawDialect, rawRun } from "~/lib/raw-sql.server.ts";
import { mailFailures, mailsSent } from "~/services/metrics.server.ts";
import { createTransport, type MailTransport } from "./transport.server.ts";

const BATCH = 20;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 15 * 60_000;

const workerId = randomUUID();
let transport: MailTransport | undefined;
let timer: NodeJS.Timeout | undefined;
let running: Promise<number> | undefined;
let again = false;
let stopped = true;
/** Set by stopOutboxWorker: a running round stops between messages (SIGTERM does not wait for a backlog). */
let halting = false;

function retryDelay(attempts: number, baseMs = config().outboxRetryBaseMs) {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

type Claimed = {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: string | null;
  attempts: number | string;
};
/** Messages sent at once: the pooled SMTP transport keeps 3 connections open. */
const PARALLEL = 3;

/**
 * Claims up to BATCH due messages in ONE statement (a lease: lockedUntil/lockedBy), returning
 * them whole. PostgreSQL: FOR UPDATE SKIP LOCKED, so instances claiming at once take different
 * rows instead of waiting for each other; SQLite has one writer, the statement is atomic.
 */
async function claimDue(now: Date): Promise<Claimed[]> {
  const due = `SELECT "id" FROM "OutboxMessage"
                WHERE "status" = 'queued' AND "nextAttemptAt" <= ? AND ("lockedUntil" IS NULL OR "lockedUntil" < ?)
                ORDER BY "nextAttemptAt" LIMIT ${BATCH}`;
  // PostgreSQL: the rows are picked once, in a materialised CTE. Inside `IN (…)` the planner may
  // run a SKIP LOCKED subquery again per row, and one worker then claimed far more than BATCH
  // (all 120 queued messages in the multi-instance test), leaving nothing for the other instances.
  const sql =
    rawDialect() === "postgres"
      ? `WITH picked AS MATERIALIZED (${due} FOR UPDATE SKIP LOCKED)
         UPDATE "OutboxMessage" SET "lockedUntil" = ?, "lockedBy" = ? FROM picked
          WHERE "OutboxMessage"."id" = picked."id" AND "OutboxMessage"."status" = 'queued'
          RETURNING "OutboxMessage"."id", "to", "subject", "text", "html", "headers", "attempts"`
      : `UPDATE "OutboxMessage" SET "lockedUntil" = ?, "lockedBy" = ? WHERE "id" IN (${due}) AND "status" = 'queued'
          RETURNING "id", "to", "subject", "text", "html", "headers", "attempts"`;
  const lease = [new Date(Date.now() + LEASE_MS), workerId];
  return rawAll<Claimed>(sql, rawDialect() === "postgres" ? [now, now, ...lease] : [...lease, now, now]);
}

/** Delivers every due message; returns how many were sent. Safe to run in several instances. */
async function deliverDueMail(now = new Date()): Promise<number> {
  transport ??= createTransport();
  const sender = transport;
  let sent = 0;
  for (;;) {
    if (halting) return sent;
    const claimed = await claimDue(now);
    if (claimed.length === 0) return sent;
    // Sent PARALLEL at a time; each is marked sent the moment the server accepted it. After a
    // failure (SMTP probably down) or a stop, nothing new starts and the unstarted rest is released.
    let failed = false;
    let next = 0;
    const lane = async () => {
      while (next < claimed.length && !failed && !halting) {
        const message = claimed[next++];
        const result = await sender.send({
          ...message,
          headers: message.headers ? (JSON.parse(message.headers) as Record<string, string>) : undefined,
        });
        if (result.ok) {
          await rawRun(
            `UPDATE "OutboxMessage" SET "status" = 'sent', "sentAt" = ?, "attempts" = "attempts" + 1, "lockedUntil" = NULL, "lastError" = NULL WHERE "id" = ?`,
            [new Date(), message.id],
          );
          sent++;
          mailsSent.inc();
        } else {
          failed = true;
          mailFailures.inc();
          const attempts = Number(message.attempts) + 1;
          await rawRun(
            `UPDATE "OutboxMessage" SET "attempts" = ?, "status" = ?, "nextAttemptAt" = ?, "lockedUntil" = NULL, "lastError" = ? WHERE "id" = ?`,
            [
              attempts,
              attempts >= MAX_ATTEMPTS ? "failed" : "queued",
              new Date(Date.now() + retryDelay(attempts)),
              result.error.replace(/\S+@\S+/g, "<address>").slice(0, 500),
              message.id,
            ],
          );
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, claimed.length) }, lane));
    const unstarted = claimed.slice(next).map((message) => message.id);
    if (unstarted.length) {
      await rawRun(
        `UPDATE "OutboxMessage" SET "lockedUntil" = NULL WHERE "lockedBy" = ? AND "status" = 'queued' AND "id" IN (${unstarted.map(() => "?").join(", ")})`,
        [workerId, ...unstarted],
      );
    }
    // SMTP is probably down: stop this round, the backoff decides when to try again.
    if (failed || unstarted.length) return sent;
  }
}

/** Ask the worker to run soon (after a new message); cheap to call often. */
export function kickOutbox() {
  if (stopped) return;
  if (running) {
    again = true;
    return;
  }
  clearTimeout(timer);
  timer = setTimeout(tick, 0);
}

async function tick() {
  if (stopped) return;
  running = deliverDueMail().catch((error) => {
    // The database being away is an outage, not a fault of the worker: it tries again next round.
    if (isServiceUnavailable(error)) log.warn("outbox.database_unavailable");
    else log.error("outbox.tick_failed", errorFields(error));
    return 0;
  });
  await running;
  running = undefined;
  if (stopped) return;
  const delay = again ? 0 : config().outboxPollMs;
  again = false;
  timer = setTimeout(tick, delay);
}

export function startOutboxWorker() {
  if (!stopped) return;
  stopped = false;
  halting = false;
  timer = setTimeout(tick, 0);
}

export async function stopOutboxWorker() {
  stopped = true;
  halting = true;
  clearTimeout(timer);
  await running;
  transport?.close();
  transport = undefined;
}
