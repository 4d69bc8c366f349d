// A backup taken while the site runs restores into a site with the same counts, a valid ledger
// and its paper scans.
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { confirmLink, pressConfirm } from "../support/smtp-sink.ts";
import { createTestDatabase, testDatabaseKind, type TestDatabase } from "../support/databases.ts";
import { demoPetition, postForm, signer, startTestApp, type TestApp } from "../support/app.ts";
import { runVerifier } from "../support/verify.ts";
import { signIn, type Session } from "../support/workspace.ts";

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

/** A PDF-looking scan, different in every run, uploaded with a paper batch through the workspace. */
async function uploadScan(app: TestApp, session: Session, publicationId: string) {
  const scan = Buffer.alloc(50_000, 0x20);
  scan.write(`%PDF-1.4\n% ${Date.now()} ${Math.random()}\n`, 0, "latin1");
  const form = new FormData();
  form.set("csrf", session.csrf);
  const collected = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 10);
  for (const [key, value] of Object.entries({
    region: "KZ-75",
    count: "40",
    collectedFrom: collected,
    collectedTo: collected,
  }))
    form.set(key, value);
  form.set("scan", new Blob([new Uint8Array(scan)], { type: "application/pdf" }), "sheets.pdf");
  const response = await fetch(`${app.url}/kk/workspace/publications/${publicationId}/paper`, {
    method: "POST",
    body: form,
    headers: { Cookie: session.cookie },
    redirect: "manual",
  });
  expect(response.status).toBe(303);
  return scan;
}

describe(`backup and restore (${testDatabaseKind})`, () => {
  it("restores an online backup into a site with identical counts, a verifiable ledger and its paper scans", async () => {
    const app = await startTestApp({ env: { RATE_LIMITS: "off" } });
    apps.push(app);
    await app.module.createAdmin("admin@example.kz");
    const [{ id: publicationId }] = await app.db.query<{ id: string }>(
      `SELECT "id" FROM "Publication" WHERE "slug" = $1`,
      [demoPetition],
    );
    const scan = await uploadScan(app, await signIn(app, "admin@example.kz"), publicationId);
    const [{ receipt }] = await app.db.query<{ receipt: string }>(`SELECT "receipt" FROM "PaperBatch"`);
    for (let index = 0; index < 5; index++)
      await postForm(
        `${app.url}/ru/p/${demoPetition}`,
        signer({ email: `backup${index}@example.kz`, region: "KZ-55" }),
      );
    const signerMails = () => app.smtp.messages.filter((mail) => mail.to.startsWith("backup"));
    await app.smtp.waitFor(() => signerMails().length >= 5);
    for (const mail of signerMails().slice(0, 3)) await pressConfirm(confirmLink(mail));
    const before = await (await fetch(`${app.url}/api/v1/petitions/${demoPetition}`)).json();

    const file = join(dir, testDatabaseKind === "sqlite" ? "backup.db" : "backup.dump");
    const backup = await run(["scripts/backup.js", "backup", app.db.url, file, "--data-dir", app.dataDir]);
    expect(backup.code, backup.output).toBe(0);

    const target =
      testDatabaseKind === "sqlite"
        ? `file:${join(dir, "restored.db")}`
        : (restoredDb = await createTestDatabase()).url;
    // The app's modules hold one database per process: the original site stops before the
    // restored one starts, so every answer below comes from the restored database.
    await app.close();
    apps.splice(apps.indexOf(app), 1);
    const restoredData = join(dir, "restored-data");
    mkdirSync(restoredData);
    const restore = await run(["scripts/backup.js", "restore", file, target, "--data-dir", restoredData]);
    expect(restore.code, restore.output).toBe(0);

    const restored = await startTestApp({
      env: {
        DATABASE_URL: target,
        SESSION_SECRET: app.env.SESSION_SECRET,
        SEED_DEMO: "never",
        DATA_DIR: restoredData,
        RATE_LIMITS: "off",
      },
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

    // The restored site serves the scan, byte for byte, under the hash the public page shows.
    const sha256 = createHash("sha256").update(scan).digest("hex");
    expect(readFileSync(join(restoredData, "paper", `${sha256}.pdf`)).equals(scan)).toBe(true);
    const session = await signIn(restored, "admin@example.kz");
    const download = await fetch(`${restored.url}/kk/workspace/publications/${publicationId}/paper/${receipt}/scan`, {
      headers: { Cookie: session.cookie },
    });
    expect(download.status).toBe(200);
    expect(Buffer.from(await download.arrayBuffer()).equals(scan)).toBe(true);
  });
});
