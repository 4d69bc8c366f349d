// PostgreSQL only: several app instances share one database (SQLite is one instance per file).
// Instance A runs in the test process, B is a separate `node server.js`; each check below is
// about what the two must do together: live counts, the mail outbox, scheduled jobs, rate limits.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  closedDemoPetition,
  demoPetition,
  freePort,
  postForm,
  signer,
  startTestApp,
  type TestApp,
} from "../support/app.ts";
import { openStream, signAndGetLink } from "../support/live.ts";
import { pressConfirm } from "../support/smtp-sink.ts";
import { outboxSettled, waitForHttp } from "../support/wait.ts";

/** The log lines (JSON) each instance wrote; A's are taken from this process's stdout. */
const logs = { a: [] as Array<Record<string, unknown>>, b: [] as Array<Record<string, unknown>> };
const parseLines = (into: Array<Record<string, unknown>>, text: string) => {
  for (const line of text.split("\n")) if (line.startsWith("{")) into.push(JSON.parse(line) as Record<string, unknown>);
};
const stdoutWrite = process.stdout.write.bind(process.stdout);

let app: TestApp;
let second: ChildProcess | undefined;
let bootedAt = 0;
let otherUrl = "";
beforeAll(async () => {
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = String(chunk);
    // A's JSON log lines are kept for the checks, not printed.
    if (text.startsWith("{")) return (parseLines(logs.a, text), true);
    return (stdoutWrite as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  app = await startTestApp({ env: { RATE_LIMITS: "on", SIGN_BLOCK: "6/9999d", LOG_LEVEL: "info" } });
  const port = await freePort();
  second = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, ...app.env, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, SEED_DEMO: "never" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let pending = "";
  second.stdout!.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const end = pending.lastIndexOf("\n");
    if (end >= 0) {
      parseLines(logs.b, pending.slice(0, end));
      pending = pending.slice(end + 1);
    }
  });
  otherUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${otherUrl}/healthz`);
  bootedAt = Date.now();
}, 40_000);
afterAll(async () => {
  second?.kill("SIGTERM");
  await app?.close();
  process.stdout.write = stdoutWrite;
});

describe("several app instances on one PostgreSQL database", () => {
  it("reaches streams on another app instance within 2 s of a confirmation", async () => {
    const stream = await openStream(`${otherUrl}/api/v1/petitions/${demoPetition}/events`);
    const { event: first } = await stream.next(() => true, 2_000);
    await pressConfirm(await signAndGetLink(app, "live2@example.kz", "KZ-10"));
    const { ms } = await stream.next((candidate) => candidate.confirmed === first.confirmed + 1, 2_000);
    expect(ms).toBeLessThan(2_000);
    await stream.close();
  });

  it("works the mail outbox from both instances, and sends every message exactly once", async () => {
    // A slow relay: both workers are busy at the same time, claiming different rows.
    app.smtp.slowDown(15);
    const run = randomUUID().slice(0, 8);
    const recipients = Array.from({ length: 120 }, (_, i) => `outbox-${run}-${i}@example.kz`);
    const now = new Date();
    for (const to of recipients) {
      await app.db.query(
        `INSERT INTO "OutboxMessage" ("id", "kind", "to", "subject", "text", "html", "status", "attempts", "nextAttemptAt", "createdAt") VALUES ($1, 'test', $2, 'Outbox test', 'text', '<p>html</p>', 'queued', 0, $3, $3)`,
        [randomUUID(), to, now],
      );
    }
    await app.smtp.waitFor(() => recipients.every((to) => app.smtp.mailsTo(to).length >= 1), 30_000);
    app.smtp.slowDown(0);
    await outboxSettled(app.db);
    for (const to of recipients) expect(app.smtp.mailsTo(to), to).toHaveLength(1);
    const workers = await app.db.query<{ lockedBy: string; n: number | string }>(
      `SELECT "lockedBy", COUNT(*) AS n FROM "OutboxMessage" WHERE "to" LIKE $1 AND "status" = 'sent' GROUP BY "lockedBy"`,
      [`outbox-${run}-%`],
    );
    expect(workers.reduce((sum, row) => sum + Number(row.n), 0)).toBe(120);
    expect(workers).toHaveLength(2);
  }, 40_000);

  it("shares rate limits: the block counts submissions from one address across both instances", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const base = i % 2 === 0 ? app.url : otherUrl;
      const response = await postForm(`${base}/kk/p/${closedDemoPetition}`, signer({ email: `rate-${i}@example.kz` }));
      statuses.push(response.status);
    }
    // SIGN_BLOCK=6 per (a very long) window in all: six answered (on both instances), then both refuse.
    expect(statuses).toEqual([303, 303, 303, 303, 303, 303, 429, 429]);
  });

  it("runs each scheduled job once across the instances", async () => {
    // Both schedulers make their first round ~10 s after start; wait until both have.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, bootedAt + 13_000 - Date.now())));
    const runs = (lines: Array<Record<string, unknown>>) =>
      lines
        .filter((line) => line.msg === "job.done")
        .map((line) => ({ job: String(line.job), at: Date.parse(String(line.time)) }));
    const all = [...runs(logs.a), ...runs(logs.b)];
    // Every job has its lease row (made by whichever instance tried first) and ran. The log's
    // sequencer runs every second on its own loop, one instance at a time (its lease): it has
    // integrated every entry into one tree.
    const leases = await app.db.query<{ name: string }>(
      `SELECT "name" FROM "JobLease" WHERE "lastRunAt" IS NOT NULL AND "name" <> 'log-sequencer' ORDER BY "name"`,
    );
    const [log] = await app.db.query<{ leaves: number | string; last: number | string; entries: number | string }>(
      `SELECT (SELECT COUNT(*) FROM "LogLeaf") AS leaves, (SELECT MAX("index") FROM "LogLeaf") AS last,
              (SELECT SUM("seq") FROM "LedgerHead") AS entries`,
    );
    expect(Number(log.leaves)).toBe(Number(log.entries));
    expect(Number(log.last)).toBe(Number(log.leaves) - 1);
    expect(leases.length).toBeGreaterThanOrEqual(7);
    for (const { name } of leases) {
      const times = all
        .filter((run) => run.job === name)
        .map((run) => run.at)
        .sort((a, b) => a - b);
      expect(times.length, name).toBeGreaterThanOrEqual(1);
      // Never twice in one period, on whichever instance (the shortest period is 30 s).
      for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1], name).toBeGreaterThanOrEqual(29_000);
    }
    // Both instances made their first round within these seconds: one run of each job in all.
    expect(all.filter((run) => run.at < bootedAt + 13_000)).toHaveLength(leases.length);
  }, 30_000);
});
