// kill -9 in the middle of a signing crowd: whatever was answered with success is still there
// after a restart, and the counters equal a full recount from the signatures and the ledger.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, startSmtpSink, type SmtpSink } from "../support/smtp-sink.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/databases.ts";
import { demoPetition, freePort, signer, spawnApp, TEST_SESSION_SECRET } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";

let database: TestDatabase;
let smtp: SmtpSink;
let running: Awaited<ReturnType<typeof spawnApp>> | undefined;
const dataDir = mkdtempSync(join(tmpdir(), "dauys-crash-"));
afterAll(async () => {
  running?.child.kill("SIGKILL");
  await running?.exited;
  await smtp?.close();
  await database?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe(`crash under load (${testDatabaseKind})`, () => {
  it("keeps every acknowledged signature and confirmation through kill -9, with counters equal to a recount", async () => {
    database = await createTestDatabase();
    smtp = await startSmtpSink();
    const port = await freePort();
    const env = {
      NODE_ENV: "test",
      DATABASE_URL: database.url,
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SMTP_URL: smtp.url,
      DATA_DIR: dataDir,
      SESSION_SECRET: TEST_SESSION_SECRET,
      RATE_LIMITS: "off",
      OUTBOX_POLL: "50ms",
      LOG_LEVEL: "error",
    };
    running = await spawnApp(env);
    const base = running.url;
    const signed: string[] = [];
    const confirmed: string[] = [];
    let stop = false;
    let counter = 0;

    const signer$ = async () => {
      while (!stop) {
        const email = `crowd${counter++}@example.kz`;
        try {
          const response = await fetch(`${base}/kk/p/${demoPetition}`, {
            method: "POST",
            body: new URLSearchParams(signer({ email, region: ["KZ-75", "KZ-71", "abroad"][counter % 3] })),
            redirect: "manual",
          });
          await response.text();
          if (response.status === 303) signed.push(email);
        } catch {
          // The server died mid-request: not acknowledged, nothing promised.
        }
        // A steady crowd rather than a flood, so mail and confirmations keep flowing too.
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const confirmer = async () => {
      let next = 0;
      while (!stop) {
        const mail = smtp.messages[next];
        if (!mail) {
          await new Promise((resolve) => setTimeout(resolve, 20));
          continue;
        }
        next++;
        try {
          const page = await (await pressConfirm(confirmLink(mail))).text();
          if (page.includes("Рақмет! Қолыңыз саналды")) confirmed.push(mail.to);
        } catch {
          // Died mid-request.
        }
      }
    };
    const load = Promise.all([...Array.from({ length: 4 }, signer$), confirmer(), confirmer()]);
    // Kill once the crowd has done enough to matter (however fast this machine is), at most after 40 s.
    const until = Date.now() + 40_000;
    while ((signed.length < 30 || confirmed.length < 6) && Date.now() < until)
      await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill("SIGKILL");
    await running.exited;
    stop = true;
    await load;
    expect(signed.length).toBeGreaterThanOrEqual(20);
    expect(confirmed.length).toBeGreaterThanOrEqual(5);

    running = await spawnApp(env);
    const rows = await database.query<{ email: string; status: string; region: string }>(
      `SELECT "email", "status", "region" FROM "Signature"`,
    );
    const byEmail = new Map(rows.map((row) => [row.email, row]));
    for (const email of signed) expect(byEmail.has(email), email).toBe(true);
    for (const email of confirmed) expect(byEmail.get(email)?.status, email).toBe("confirmed");

    // Counters equal a recount straight from the signatures...
    const counters = await database.query<{ region: string; confirmed: number | string; pending: number | string }>(
      `SELECT c."region" AS region, c."confirmed" AS confirmed, c."pending" AS pending FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1`,
      [demoPetition],
    );
    for (const counter of counters) {
      const inRegion = rows.filter((row) => row.region === counter.region);
      expect(Number(counter.confirmed), counter.region).toBe(
        inRegion.filter((row) => row.status === "confirmed").length,
      );
      expect(Number(counter.pending), counter.region).toBe(inRegion.filter((row) => row.status === "pending").length);
    }
    // ...and the ledger, as an outsider checks it.
    expect((await runVerifier(running.url, demoPetition)).code).toBe(0);
  }, 120_000);
});
