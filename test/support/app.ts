// Starts the built app in this test process against a fresh database and a real SMTP sink.
import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { generateSignerKey } from "~/lib/signed-note.server.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";
import { startSmtpSink, type SmtpSink } from "./smtp-sink.ts";
import { waitUntil } from "./wait.ts";

export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => done(port));
    });
    server.on("error", fail);
  });
}

/** What the app's build exports for operators (and tests), bound to the running instance. */
export type AppModule = {
  runJob(name: string, options?: { force?: boolean }): Promise<unknown>;
  moderateByReceipt(input: {
    receipt: string;
    action: "remove" | "restore" | "release";
    reason?: string;
  }): Promise<boolean>;
  createAdmin(email: string, name?: string): Promise<{ id: string; email: string }>;
  createModerator(email: string, on?: boolean): Promise<{ id: string; email: string }>;
  addMember(input: { email: string; organizationSlug: string; role: "organizer" | "auditor" }): Promise<{ id: string }>;
};

export type TestApp = {
  url: string;
  module: AppModule;
  db: TestDatabase;
  smtp: SmtpSink;
  dataDir: string;
  env: Record<string, string>;
  close(): Promise<void>;
};

export async function startTestApp(
  options: { env?: Record<string, string>; seedDemo?: boolean } = {},
): Promise<TestApp> {
  const db = await createTestDatabase();
  const smtp = await startSmtpSink();
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), "dauys-data-"));
  const env = {
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_SESSION_SECRET,
    // One log key for every app this test file starts: a site moved or restored keeps its key.
    LOG_SIGNING_KEY: TEST_LOG_KEY,
    SEED_DEMO: options.seedDemo === false ? "never" : "auto",
    OUTBOX_RETRY_BASE: "200ms",
    OUTBOX_POLL: "100ms",
    LOG_LEVEL: process.env.DAUYS_TEST_LOG ?? "warn",
    ...options.env,
  };
  const build = await import(pathToFileURL(resolve("build/index.js")).href);
  const running = await build.entry.module.boot({ build, env });
  return {
    url: `http://127.0.0.1:${running.port}`,
    module: build.entry.module as AppModule,
    db,
    smtp,
    dataDir,
    env,
    async close() {
      await running.close();
      await smtp.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Posts a urlencoded form the way a browser without JavaScript (or curl) does. */
export async function postForm(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
    redirect: "manual",
  });
  // Read the body now: an unread body keeps its connection busy.
  const body = await response.text();
  return { status: response.status, headers: response.headers, text: async () => body };
}

export const demoPetition = "fair-elections-petition";
export const closedDemoPetition = "publish-every-protocol";

export const TEST_SESSION_SECRET = "test-secret-test-secret-test-secret-0123";
export const TEST_LOG_KEY = generateSignerKey("dauys.test/log");

/**
 * The form stamp a page rendered `ageMs` ago carries (app/services/abuse.server.ts formStamp): a
 * submission without one is held for a moderator, like a form sent faster than a person types.
 */
export function formStamp(ageMs = 30_000, secret = TEST_SESSION_SECRET) {
  const time = Date.now() - ageMs;
  return `${time}.${createHmac("sha256", secret).update(`stamp:${time}`).digest("base64url").slice(0, 32)}`;
}

/** A person's form, as the petition page sends it (with a stamp from a page read a while ago). */
export function signer(overrides: Partial<Record<string, string>> = {}) {
  return {
    name: "Айгүл Серікқызы",
    email: "aigul@example.kz",
    region: "KZ-75",
    consent: "on",
    started: formStamp(),
    ...overrides,
  } as Record<string, string>;
}

/** Confirmed count of a petition straight from the signatures table (what the counters must equal). */
export async function recount(db: TestDatabase, slug: string) {
  const rows = await db.query<{ region: string; n: number | string }>(
    `SELECT s."region" AS region, COUNT(*) AS n FROM "Signature" s JOIN "Publication" p ON p."id" = s."publicationId"
     WHERE p."slug" = $1 AND s."status" = 'confirmed' GROUP BY s."region"`,
    [slug],
  );
  return new Map(rows.map((row) => [row.region, Number(row.n)]));
}

export async function counterRows(db: TestDatabase, slug: string) {
  const rows = await db.query<{ region: string; confirmed: number | string }>(
    `SELECT c."region" AS region, c."confirmed" AS confirmed FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1`,
    [slug],
  );
  return new Map(rows.map((row) => [row.region, Number(row.confirmed)]));
}

/** The text a reader sees: scripts (which carry the translation catalogue) and tags removed. */
export function visibleText(html: string) {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

export async function fetchText(url: string, init?: RequestInit) {
  return visibleText(await (await fetch(url, init)).text());
}

/** A POST on its own connection (node:http), for bodies a server may refuse before reading. */
export async function rawPost(url: string, body: string, headers: Record<string, string> = {}) {
  const { request } = await import("node:http");
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = request(
      url,
      { method: "POST", agent: false, headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk) => (text += chunk));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on("error", (error) =>
      (error as NodeJS.ErrnoException).code === "EPIPE" || (error as NodeJS.ErrnoException).code === "ECONNRESET"
        ? undefined
        : reject(error),
    );
    req.end(body);
  });
}

/** The built app as a separate process (for crash and shutdown tests), with the given environment. */
export async function spawnApp(env: Record<string, string>) {
  const { spawn } = await import("node:child_process");
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  await waitUntil(
    async () => {
      if (child.exitCode !== null) throw new Error(`app exited with ${child.exitCode}`);
      return fetch(`${url}/healthz`)
        .then((response) => response.ok)
        .catch(() => false);
    },
    "the spawned app to answer /healthz",
    30_000,
  );
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  return { url, child, exited };
}
