import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { waitUntil } from "../support/wait.ts";

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ env: { RATE_LIMITS: "off" } });
});
afterAll(async () => app?.close());

describe(`mail outbox (${process.env.DAUYS_TEST_DB ?? "sqlite"})`, () => {
  it("keeps every mail while SMTP refuses, then delivers each exactly once when it is back", async () => {
    app.smtp.refuse(true);
    const emails = Array.from({ length: 6 }, (_, index) => `outage${index}@example.kz`);
    for (const email of emails)
      expect((await postForm(`${app.url}/kk/p/${demoPetition}`, signer({ email }))).status).toBe(303);

    // Wait until the worker has tried and failed at least once per message.
    await waitUntil(async () => {
      const rows = await app.db.query<{ attempts: number | string; status: string }>(
        `SELECT "attempts", "status" FROM "OutboxMessage" WHERE "to" LIKE 'outage%'`,
      );
      return rows.length === emails.length && rows.every((row) => Number(row.attempts) >= 1 && row.status === "queued");
    }, "the outbox to try every mail once and keep it queued");
    expect(app.smtp.messages.filter((mail) => mail.to.startsWith("outage"))).toHaveLength(0);

    app.smtp.refuse(false);
    await app.smtp.waitFor((all) => all.filter((mail) => mail.to.startsWith("outage")).length >= emails.length, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const delivered = app.smtp.messages.filter((mail) => mail.to.startsWith("outage"));
    expect(delivered.map((mail) => mail.to).sort()).toEqual([...emails].sort());
    expect(new Set(delivered.map((mail) => mail.messageId)).size).toBe(emails.length);
    const rows = await app.db.query<{ status: string }>(
      `SELECT "status" FROM "OutboxMessage" WHERE "to" LIKE 'outage%'`,
    );
    expect(rows.every((row) => row.status === "sent")).toBe(true);
  });
});
