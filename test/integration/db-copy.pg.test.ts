// Moving up: a live SQLite site copied to PostgreSQL keeps every count, receipt and pending link.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm, pressConfirmText } from "../support/smtp-sink.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";

const dir = mkdtempSync(join(tmpdir(), "dauys-copy-"));
let sqliteApp: TestApp | undefined;
let postgresApp: TestApp | undefined;
let target: TestDatabase | undefined;
afterAll(async () => {
  await sqliteApp?.close().catch(() => {});
  await postgresApp?.close();
  await target?.drop();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("npm run db:copy (SQLite → PostgreSQL)", () => {
  it("copies a site with its counts, ledger and pending signatures, and verifies them", async () => {
    const sqliteUrl = `file:${join(dir, "site.db")}`;
    sqliteApp = await startTestApp({ env: { DATABASE_URL: sqliteUrl, RATE_LIMITS: "off" } });
    for (let index = 0; index < 6; index++)
      await postForm(
        `${sqliteApp.url}/kk/p/${demoPetition}`,
        signer({ email: `move${index}@example.kz`, region: index % 2 ? "KZ-75" : "abroad" }),
      );
    await sqliteApp.smtp.waitFor((all) => all.length >= 6);
    const links = sqliteApp.smtp.messages.map(confirmLink);
    for (const link of links.slice(0, 4)) await pressConfirm(link);
    const before = await (await fetch(`${sqliteApp.url}/api/v1/petitions/${demoPetition}`)).json();
    await sqliteApp.close();
    const sqliteEnv = sqliteApp.env;
    sqliteApp = undefined;

    target = await createTestDatabase();
    const copy = await run(["scripts/db-copy.js", "--from", sqliteUrl, "--to", target.url]);
    expect(copy.output).toContain("OK: every row copied");
    expect(copy.code).toBe(0);
    // A second copy into the now non-empty target is refused.
    expect((await run(["scripts/db-copy.js", "--from", sqliteUrl, "--to", target.url])).code).toBe(1);

    postgresApp = await startTestApp({
      env: {
        DATABASE_URL: target.url,
        SESSION_SECRET: sqliteEnv.SESSION_SECRET,
        RATE_LIMITS: "off",
        SEED_DEMO: "never",
      },
    });
    const after = (await (await fetch(`${postgresApp.url}/api/v1/petitions/${demoPetition}`)).json()) as Record<
      string,
      unknown
    >;
    expect({ ...after, url: null, versionsUrl: null, ledger: { ...(after.ledger as object), url: null } }).toEqual({
      ...before,
      url: null,
      versionsUrl: null,
      ledger: { ...before.ledger, url: null },
    });
    expect((await runVerifier(postgresApp.url, demoPetition)).code).toBe(0);
    // A link mailed before the move still confirms after it.
    const pending = links[4].replace(/^http:\/\/127\.0\.0\.1:\d+/, postgresApp.url);
    expect(await pressConfirmText(pending)).toMatch(/Рақмет! Қолыңыз саналды/);
    expect(
      ((await (await fetch(`${postgresApp.url}/api/v1/petitions/${demoPetition}`)).json()) as { confirmed: number })
        .confirmed,
    ).toBe(before.confirmed + 1);
  });
});
