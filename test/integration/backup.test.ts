// A backup taken while the site runs restores into a site with the same counts and a valid ledger.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/databases.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";

const dir = mkdtempSync(join(tmpdir(), "dauys-backup-"));
const apps: TestApp[] = [];
let restoredDb: TestDatabase | undefined;
afterAll(async () => {
  for (const app of apps) await app.close();
  await restoredDb?.drop();
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

describe(`backup and restore (${testDatabaseKind})`, () => {
  it("restores an online backup into a site with identical counts and a verifiable ledger", async () => {
    const app = await startTestApp({ env: { RATE_LIMITS: "off" } });
    apps.push(app);
    for (let index = 0; index < 5; index++)
      await postForm(
        `${app.url}/ru/p/${demoPetition}`,
        signer({ email: `backup${index}@example.kz`, region: "KZ-55" }),
      );
    await app.smtp.waitFor((all) => all.length >= 5);
    for (const mail of app.smtp.messages.slice(0, 3)) await pressConfirm(confirmLink(mail));
    const before = await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json();

    const file = join(dir, testDatabaseKind === "sqlite" ? "backup.db" : "backup.dump");
    const backup = await run(["scripts/backup.js", "backup", app.db.url, file]);
    expect(backup.code, backup.output).toBe(0);

    const target =
      testDatabaseKind === "sqlite"
        ? `file:${join(dir, "restored.db")}`
        : (restoredDb = await createTestDatabase()).url;
    const restore = await run(["scripts/backup.js", "restore", file, target]);
    expect(restore.code, restore.output).toBe(0);

    const restored = await startTestApp({
      env: { DATABASE_URL: target, SESSION_SECRET: app.env.SESSION_SECRET, SEED_DEMO: "never" },
    });
    apps.push(restored);
    const after = (await (await fetch(`${restored.url}/api/v1/petitions/${demoPetition}`)).json()) as typeof before;
    expect({ ...after, url: null, versionsUrl: null, ledger: { ...after.ledger, url: null } }).toEqual({
      ...before,
      url: null,
      versionsUrl: null,
      ledger: { ...before.ledger, url: null },
    });
    expect((await runVerifier(restored.url, demoPetition)).code).toBe(0);
  });
});
