// PostgreSQL briefly unreachable under load: clear 503s, recovery without a restart, nothing lost.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import { demoPetition, postForm, signer, startTestApp, visibleText, type TestApp } from "../support/app.ts";
import { startTcpProxy } from "../support/tcp-proxy.ts";
import { runVerifier } from "../support/verify.ts";

let app: TestApp;
let database: TestDatabase;
let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startTcpProxy("127.0.0.1", Number(new URL(database.url).port || 5432));
  const viaProxy = database.url.replace(/@[^/]+\//, `@127.0.0.1:${proxy.port}/`);
  app = await startTestApp({ env: { DATABASE_URL: viaProxy, RATE_LIMITS: "off" } });
});
afterAll(async () => {
  await app?.close();
  await proxy?.close();
  await database?.drop();
});

describe("PostgreSQL briefly unavailable", () => {
  it("answers 503 while the database is away, recovers by itself, and loses nothing acknowledged", async () => {
    const acknowledged: string[] = [];
    for (let index = 0; index < 5; index++) {
      const email = `before.outage${index}@example.kz`;
      if ((await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email }))).status === 303)
        acknowledged.push(email);
    }
    await app.smtp.waitFor((all) => all.length >= 5);
    for (const mail of app.smtp.messages.slice(0, 3)) await pressConfirm(confirmLink(mail));

    proxy.cut();
    // One answer (app/lib/answers.ts): translated where a person reads it, the same Retry-After everywhere.
    const page = await fetch(`${app.url}/kk/p/${demoPetition}`);
    expect(page.status).toBe(503);
    expect(page.headers.get("retry-after")).toBe("5");
    expect(visibleText(await page.text())).toContain("Қызмет уақытша қолжетімсіз");
    const sign = await postForm(`${app.url}/ru/p/${demoPetition}`, signer({ email: "during.outage@example.kz" }));
    expect(sign.status).toBe(503);
    expect(sign.headers.get("retry-after")).toBe("5");
    expect(visibleText(await sign.text())).toContain("Сервис временно недоступен");
    const api = await fetch(`${app.url}/api/v1/petitions/${demoPetition}`);
    expect([api.status, api.headers.get("retry-after")]).toEqual([503, "5"]);
    const ready = await fetch(`${app.url}/readyz`);
    expect([ready.status, ready.headers.get("retry-after"), await ready.text()]).toEqual([
      503,
      "5",
      "database unavailable\n",
    ]);
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.restore();
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${app.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error("the app did not recover");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((await fetch(`${app.url}/kk/p/${demoPetition}`)).status).toBe(200);
    expect(
      (await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email: "after.outage@example.kz" }))).status,
    ).toBe(303);

    const stored = await database.query<{ email: string; status: string }>(`SELECT "email", "status" FROM "Signature"`);
    for (const email of acknowledged) expect(stored.map((row) => row.email)).toContain(email);
    expect(stored.filter((row) => row.status === "confirmed")).toHaveLength(3);
    expect(stored.map((row) => row.email)).not.toContain("during.outage@example.kz");
    expect((await runVerifier(app.url, demoPetition)).code).toBe(0);
  });

  it("under a signing load: every answer is a 303 or a clear 503, and every 303 is stored after recovery", async () => {
    let stop = false;
    const answers: Array<{ email: string; status: number }> = [];
    let serial = 0;
    // Ten signers posting one after another each, across the outage and the recovery.
    const signers = Array.from({ length: 10 }, async () => {
      while (!stop) {
        const email = `load.${++serial}@example.kz`;
        const response = await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email })).catch(() => ({
          status: 0,
        }));
        answers.push({ email, status: response.status });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 700));
    proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    proxy.restore();
    const deadline = Date.now() + 15_000;
    while ((await fetch(`${app.url}/readyz`)).status !== 200) {
      if (Date.now() > deadline) throw new Error("the app did not recover");
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await new Promise((resolve) => setTimeout(resolve, 700));
    stop = true;
    await Promise.all(signers);

    const statuses = new Set(answers.map((answer) => answer.status));
    expect([...statuses].sort()).toEqual([303, 503]);
    const stored = new Set(
      (await database.query<{ email: string }>(`SELECT "email" FROM "Signature" WHERE "email" LIKE 'load.%'`)).map(
        (row) => row.email,
      ),
    );
    const acknowledged = answers.filter((answer) => answer.status === 303);
    for (const { email } of acknowledged) expect(stored.has(email), email).toBe(true);
    // Signing works again after the outage, and the counters still equal a recount.
    expect(answers.slice(-10).some((answer) => answer.status === 303)).toBe(true);
    const [pending] = await database.query<{ counted: number | string; actual: number | string }>(
      `SELECT (SELECT SUM("pending") FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1) AS counted,
              (SELECT COUNT(*) FROM "Signature" s JOIN "Publication" p ON p."id" = s."publicationId" WHERE p."slug" = $1 AND s."status" = 'pending') AS actual`,
      [demoPetition],
    );
    expect(Number(pending.counted)).toBe(Number(pending.actual));
  }, 40_000);
});
