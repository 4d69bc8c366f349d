// The persisted mail queue. Mail is written in the same transaction as the change that causes
// it, and a worker in every app instance delivers it. A message is claimed with a conditional
// update (works on both databases and across instances), retried with exponential backoff while
// SMTP is down, and marked sent right after the server accepts it.
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import { db, type Db } from "~/db.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import type { RawSql } from "~/lib/raw-sql.server.ts";
import { mailFailures, mailsSent } from "~/services/metrics.server.ts";
import { createTransport, type MailTransport } from "./transport.server.ts";

type Tx = Pick<Db, "outboxMessage">;
export type NewMail = { kind: string; to: string; subject: string; text: string; html: string; headers?: Record<string, string>; dedupeKey?: string; notBefore?: Date };

const BATCH = 20;
const LEASE_MS = 60_000;
const MAX_ATTEMPTS = 40;
const MAX_BACKOFF_MS = 15 * 60_000;

/** Queues a mail inside the caller's transaction; it is delivered once that commits (afterCommit). */
export async function enqueueMail(tx: Tx, mail: NewMail) {
  const { headers, dedupeKey, notBefore, ...fields } = mail;
  const data = { ...fields, headers: headers ? JSON.stringify(headers) : null, dedupeKey: dedupeKey ?? null, ...(notBefore ? { nextAttemptAt: notBefore } : {}) };
  // With a key, enqueueing twice (a retried batch, a double click) still queues one message.
  if (dedupeKey) await tx.outboxMessage.upsert({ where: { dedupeKey }, create: data, update: {}, select: { id: true } });
  else await tx.outboxMessage.create({ data, select: { id: true } });
}

/** enqueueMail for the raw fast paths (app/lib/raw-sql.server.ts): the same row, one statement. */
export async function enqueueMailRaw(sql: RawSql, mail: NewMail) {
  const now = new Date();
  const params = [randomUUID(), mail.kind, mail.to, mail.subject, mail.text, mail.html, mail.headers ? JSON.stringify(mail.headers) : null, mail.dedupeKey ?? null, mail.notBefore ?? now, now];
  const insert = `INSERT INTO "OutboxMessage" ("id", "kind", "to", "subject", "text", "html", "headers", "dedupeKey", "status", "attempts", "nextAttemptAt", "createdAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?)`;
  await sql.run(mail.dedupeKey ? `${insert} ON CONFLICT ("dedupeKey") DO NOTHING` : insert, params);
}

/** Runs `work` in a transaction, then wakes the mail worker: queued mail is visible only now. */
export async function withMail<T>(work: (tx: Parameters<Parameters<Db["$transaction"]>[0]>[0]) => Promise<T>): Promise<T> {
  const result = await db().$transaction(work);
  kickOutbox();
  return result;
}

const workerId = randomUUID();
let transport: MailTransport | undefined;
let timer: NodeJS.Timeout | undefined;
let running: Promise<number> | undefined;
let again = false;
let stopped = true;

export function retryDelay(attempts: number, baseMs = config().outboxRetryBaseMs) {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** Delivers every due message; returns how many were sent. Safe to run in several instances. */
export async function deliverDueMail(now = new Date()): Promise<number> {
  transport ??= createTransport();
  let sent = 0;
  for (;;) {
    const due = await db().outboxMessage.findMany({
      where: { status: "queued", nextAttemptAt: { lte: now }, OR: [{ lockedUntil: null }, { lockedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: "asc" },
      take: BATCH,
      select: { id: true, lockedUntil: true },
    });
    if (due.length === 0) return sent;
    let claimedAny = false;
    for (const candidate of due) {
      const claimed = await db().outboxMessage.updateMany({
        where: { id: candidate.id, status: "queued", lockedUntil: candidate.lockedUntil },
        data: { lockedUntil: new Date(Date.now() + LEASE_MS), lockedBy: workerId },
      });
      if (claimed.count !== 1) continue;
      claimedAny = true;
      const message = await db().outboxMessage.findUniqueOrThrow({ where: { id: candidate.id } });
      const result = await transport.send({ ...message, headers: message.headers ? (JSON.parse(message.headers) as Record<string, string>) : undefined });
      if (result.ok) {
        await db().outboxMessage.update({
          where: { id: message.id },
          data: { status: "sent", sentAt: new Date(), attempts: { increment: 1 }, lockedUntil: null, lastError: null },
        });
        sent++;
        mailsSent.inc();
      } else {
        mailFailures.inc();
        const attempts = message.attempts + 1;
        await db().outboxMessage.update({
          where: { id: message.id },
          data: {
            attempts,
            status: attempts >= MAX_ATTEMPTS ? "failed" : "queued",
            nextAttemptAt: new Date(Date.now() + retryDelay(attempts)),
            lockedUntil: null,
            lastError: result.error.replace(/\S+@\S+/g, "<address>").slice(0, 500),
          },
        });
        // SMTP is probably down: stop this round, the backoff decides when to try again.
        return sent;
      }
    }
    if (!claimedAny) return sent;
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
    log.error("outbox.tick_failed", errorFields(error));
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
  timer = setTimeout(tick, 0);
}

export async function stopOutboxWorker() {
  stopped = true;
  clearTimeout(timer);
  await running;
  transport?.close();
  transport = undefined;
}
