// The production topology, started for real (bench/lib/topology.js, shared with
// `npm run bench -- --topology nginx-3`): nginx in front of three app instances, PgBouncer in
// transaction pooling mode between them and PostgreSQL, LISTEN and the migration lock on a direct
// connection (DATABASE_DIRECT_URL). People sign, confirm, watch the live count and get mail through
// nginx while one instance is killed with SIGKILL and started again.
// Needs Debian's nginx and pgbouncer binaries (`apt-get install -y nginx pgbouncer`; .ci/run
// installs them); without them the suite is skipped and its title says why.
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTopology, topologyProblem, topologyVersions, type Topology } from "../../bench/lib/topology.js";
import {
  counterRows,
  demoPetition,
  freePort,
  recount,
  signer,
  spawnApp,
  TEST_LOG_KEY,
  TEST_SESSION_SECRET,
} from "../support/app.ts";
import { createTestDatabase, type TestDatabase } from "../support/databases.ts";
import { confirmLink, startSmtpSink, type SinkMail, type SmtpSink } from "../support/smtp-sink.ts";
import { runVerifier } from "../support/verify.ts";

const problem = topologyProblem();
if (problem) console.warn(`topology.pg.test.ts SKIPPED: ${problem}`);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const addressOf = (mail: SinkMail) => /[^\s<>"]+@[^\s<>"]+/.exec(mail.to)?.[0].toLowerCase() ?? "";

let db: TestDatabase;
let smtp: SmtpSink;
let topology: Topology;
const dir = mkdtempSync(join(tmpdir(), "dauys-topology-"));

beforeAll(async () => {
  if (problem) return;
  db = await createTestDatabase();
  smtp = await startSmtpSink();
  const dataDir = join(dir, "data");
  // One boot on the direct connection migrates and seeds the demo petition; the three instances
  // then run as in production (which never seeds).
  const port = await freePort();
  const seeding = await spawnApp({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: smtp.url,
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: "error",
  });
  seeding.child.kill("SIGTERM");
  await seeding.exited;
  const env = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  topology = await startTopology({
    root: process.cwd(),
    dir,
    directUrl: db.url,
    instances: 3,
    env: {
      ...env,
      NODE_ENV: "production",
      SMTP_URL: smtp.url,
      SESSION_SECRET: TEST_SESSION_SECRET,
      // Production requires the log's signing key (every instance signs with the same one).
      LOG_SIGNING_KEY: TEST_LOG_KEY,
      // Shared: paper scans are files under DATA_DIR (one volume for every instance).
      DATA_DIR: dataDir,
      // The abuse rules run as deployed; every signer comes from their own address (X-Forwarded-For).
      RATE_LIMITS: "on",
      OUTBOX_POLL: "100ms",
      OUTBOX_RETRY_BASE: "200ms",
      LOG_LEVEL: "warn",
    },
  });
}, 120_000);

afterAll(async () => {
  await topology?.stop();
  await smtp?.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** nginx's access log (format `dauys` in bench/lib/topology.js), from byte `from`. */
function accessLog(from = 0) {
  const text = readFileSync(topology.nginx.accessLog, "utf8").slice(from);
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => ({
      method: line.split(" ")[1],
      status: Number(line.split(" ")[2]),
      upstreams: /up=(.*?) ups=/.exec(line)?.[1] ?? "",
      upstreamStatuses: /ups=(.*?) t=/.exec(line)?.[1] ?? "",
      cache: /cache=(\S+)/.exec(line)?.[1] ?? "",
    }));
}
const accessLogSize = () => statSync(topology.nginx.accessLog).size;

const dbName = () => new URL(db.url).pathname.slice(1);

/** Sessions on the server (not through PgBouncer) that LISTEN for count changes: one per instance. */
async function listeners() {
  const [row] = await db.query<{ n: string }>(
    `SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND query ILIKE 'LISTEN %'`,
  );
  return Number(row.n);
}

/** PgBouncer's admin console (SHOW POOLS, SHOW STATS). */
async function bouncerAdmin<T>(command: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: topology.pgbouncer!.url("pgbouncer") });
  await client.connect();
  try {
    return (await client.query(command)).rows as T[];
  } finally {
    await client.end();
  }
}

/** A signing POST through nginx as one person from their own address. */
async function sign(email: string, address: string, region = "KZ-75") {
  const response = await fetch(`${topology.url}/kk/p/${demoPetition}`, {
    method: "POST",
    body: new URLSearchParams(signer({ email, region })),
    headers: { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": address },
    redirect: "manual",
  }).catch(() => null);
  // A body cut by the kill does not change the answer already given.
  await response?.text().catch(() => undefined);
  return response?.status ?? 0;
}

/** The live count as a browser's EventSource sees it: reconnects (after `retry`) when a stream ends. */
function watchLive(url: string) {
  const seen: number[] = [];
  let stopped = false;
  let reconnects = 0;
  let controller = new AbortController();
  const loop = (async () => {
    while (!stopped) {
      controller = new AbortController();
      try {
        const response = await fetch(url, { signal: controller.signal, headers: { Accept: "text/event-stream" } });
        const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const data = block.split("\n").find((line) => line.startsWith("data: "));
            if (block.includes("event: counts") && data) seen.push(JSON.parse(data.slice(6)).confirmed);
          }
        }
      } catch {
        // The instance behind this stream died: the browser reconnects after `retry`.
      }
      if (!stopped) {
        reconnects++;
        await sleep(300);
      }
    }
  })();
  return {
    seen,
    get latest() {
      return seen.at(-1);
    },
    get reconnects() {
      return reconnects;
    },
    async stop() {
      stopped = true;
      controller.abort();
      await loop;
    },
  };
}

describe.skipIf(!!problem)(
  `production topology: nginx, three app instances, PgBouncer (transaction pooling)${problem ? ` — SKIPPED: ${problem}` : ""}`,
  () => {
    it("sends queries through PgBouncer in transaction mode and LISTENs on the direct connections", async () => {
      console.log(`topology: ${JSON.stringify(topologyVersions())}`);
      expect(await listeners()).toBe(3);
      const response = await fetch(`${topology.url}/api/v1/petitions/${demoPetition}?fresh=${Date.now()}`);
      expect(response.status).toBe(200);
      await response.arrayBuffer();
      const pools = await bouncerAdmin<{ database: string; pool_mode: string }>("SHOW POOLS");
      const pool = pools.find((row) => row.database === dbName());
      expect(pool?.pool_mode).toBe("transaction");
      const stats = await bouncerAdmin<{ database: string; total_xact_count: string }>("SHOW STATS");
      expect(Number(stats.find((row) => row.database === dbName())?.total_xact_count)).toBeGreaterThan(0);
    });

    it("spreads requests over the instances, caches static files, passes X-Forwarded-For, Host and the event stream", async () => {
      const from = accessLogSize();
      for (let i = 0; i < 30; i++) {
        const response = await fetch(`${topology.url}/api/v1/petitions/${demoPetition}`);
        expect(response.status).toBe(200);
        await response.arrayBuffer();
      }
      await sleep(200);
      const used = new Set(accessLog(from).map((line) => line.upstreams));
      expect([...used].sort()).toEqual(topology.instances.map((instance) => `127.0.0.1:${instance.port}`).sort());

      // Static files: fetched once from an instance, then from nginx's cache.
      const page = await (await fetch(`${topology.url}/kk/p/${demoPetition}`)).text();
      const asset = /href="(\/build\/[^"]+\.css)"/.exec(page)?.[1];
      expect(asset).toBeTruthy();
      for (const path of [asset!, "/page.js"]) {
        const first = await fetch(topology.url + path);
        await first.arrayBuffer();
        const second = await fetch(topology.url + path);
        await second.arrayBuffer();
        expect(first.status, path).toBe(200);
        expect(first.headers.get("x-cache-status"), path).toMatch(/MISS|HIT|EXPIRED/);
        expect(second.headers.get("x-cache-status"), path).toBe("HIT");
      }
      // The petition page and its counts are never cached by nginx (fresh nonce and form stamp).
      const fresh = await fetch(`${topology.url}/kk/p/${demoPetition}`);
      await fresh.arrayBuffer();
      expect(fresh.headers.get("x-cache-status")).toBeNull();

      // The app asks proxies not to buffer its event streams…
      const direct = await fetch(`${topology.instances[0].url}/api/v1/petitions/${demoPetition}/events`);
      expect(direct.headers.get("x-accel-buffering")).toBe("no");
      await direct.body?.cancel();
      // …and through nginx a stream is one (nginx keeps X-Accel-* to itself).
      const proxied = await fetch(`${topology.url}/api/v1/petitions/${demoPetition}/events`);
      expect(proxied.headers.get("content-type")).toMatch(/^text\/event-stream/);
      expect(proxied.headers.get("content-encoding")).toBeNull();
      await proxied.body?.cancel();

      // X-Forwarded-For reaches the app (trusted from loopback): the stored keyed hash is of the
      // signer's address, not of nginx's.
      expect(await sign("forwarded@example.kz", "198.51.100.23")).toBe(303);
      const [row] = await db.query<{ ipHash: string }>(`SELECT "ipHash" FROM "Signature" WHERE "email" = $1`, [
        "forwarded@example.kz",
      ]);
      const hash = (ip: string) =>
        createHmac("sha256", TEST_SESSION_SECRET).update(`ip:${ip}`).digest("base64url").slice(0, 32);
      expect(row.ipHash).toBe(hash("198.51.100.23"));

      // Host and X-Forwarded-Proto: the confirmation button's POST from the origin the browser
      // used (here localhost, not PUBLIC_URL's 127.0.0.1) is accepted only if nginx passed the
      // Host it was asked for and the scheme; one from another site is refused.
      await smtp.waitFor(() => smtp.mailsTo("forwarded@example.kz").length === 1, 20_000);
      const link = confirmLink(smtp.mailsTo("forwarded@example.kz")[0]);
      expect(new URL(link).origin).toBe(topology.url);
      const foreign = await fetch(link, {
        method: "POST",
        headers: { Origin: "https://elsewhere.example" },
        redirect: "manual",
      });
      expect(foreign.status).toBe(403);
      const asked = new URL(link);
      asked.hostname = "localhost";
      const own = await fetch(asked, { method: "POST", headers: { Origin: asked.origin }, redirect: "manual" });
      expect(own.status).toBe(303);
    }, 60_000);

    it("loses nothing acknowledged while an instance is killed (SIGKILL) and restarted under load", async () => {
      const [{ confirmed: confirmedBefore }] = await db.query<{ confirmed: string }>(
        `SELECT COUNT(*) AS confirmed FROM "Signature" WHERE "status" = 'confirmed'`,
      );
      const streams = Array.from({ length: 3 }, () =>
        watchLive(`${topology.url}/api/v1/petitions/${demoPetition}/events`),
      );
      const victim = topology.instances[1];
      const t0 = Date.now();
      let killedAt = 0;
      let restartedAt = 0;
      let stopSigning = false;
      let stopConfirming = false;
      let serial = 0;
      const signs: Array<{ email: string; status: number; at: number }> = [];
      const confirms: Array<{ email: string; status: number; at: number }> = [];
      const reads: Array<{ path: string; status: number; at: number }> = [];

      const signWorker = async () => {
        while (!stopSigning && serial < 400) {
          const n = serial++;
          const email = `topo-${n}@example.kz`;
          const status = await sign(email, `10.77.${n >> 8}.${n & 255}`, ["KZ-75", "KZ-71", "abroad"][n % 3]);
          signs.push({ email, status, at: Date.now() });
          await sleep(5);
        }
      };
      let nextMail = 0;
      const confirmWorker = async () => {
        while (!stopConfirming) {
          const mail = smtp.messages[nextMail];
          if (!mail || !addressOf(mail).startsWith("topo-")) {
            if (mail) nextMail++;
            else await sleep(20);
            continue;
          }
          nextMail++;
          const response = await fetch(confirmLink(mail), { method: "POST", redirect: "manual" }).catch(() => null);
          await response?.text().catch(() => undefined);
          confirms.push({ email: addressOf(mail), status: response?.status ?? 0, at: Date.now() });
        }
      };
      const readWorker = async () => {
        let i = 0;
        while (!stopSigning) {
          const path = i++ % 2 ? `/api/v1/petitions/${demoPetition}` : `/kk/p/${demoPetition}`;
          const response = await fetch(topology.url + path).catch(() => null);
          // -1: the answer had begun on the instance that was killed, and its body was cut.
          const whole = response
            ? await response.arrayBuffer().then(
                () => true,
                () => false,
              )
            : false;
          reads.push({ path, status: response ? (whole ? response.status : -1) : 0, at: Date.now() });
          await sleep(10);
        }
      };

      const crowd = Promise.all([...Array.from({ length: 6 }, signWorker), readWorker(), readWorker()]);
      const confirming = Promise.all([confirmWorker(), confirmWorker()]);
      // Kill once the crowd is going (however slow the machine), restart 2 s later, go on 3 s more.
      while (signs.filter((entry) => entry.status === 303).length < 40 && Date.now() - t0 < 30_000) await sleep(50);
      killedAt = Date.now();
      await victim.kill("SIGKILL");
      await sleep(2_000);
      const logBeforeRestart = accessLogSize();
      await victim.start();
      restartedAt = Date.now();
      await sleep(3_000);
      stopSigning = true;
      await crowd;

      // Every signature the database holds gets its mail (a message claimed by the killed
      // instance is claimed again when its 60 s lease ends), and every link is pressed.
      const stored = async () =>
        (
          await db.query<{ email: string; status: string; region: string }>(
            `SELECT "email", "status", "region" FROM "Signature" WHERE "email" LIKE 'topo-%'`,
          )
        ).map((row) => ({ ...row, email: row.email.toLowerCase() }));
      let rows = await stored();
      await smtp.waitFor((all) => {
        const got = new Set(all.map(addressOf));
        return rows.every((row) => got.has(row.email));
      }, 100_000);
      // …and the outbox drains: a message the killed instance had claimed waits for its lease.
      const unsent = async () =>
        Number(
          (
            await db.query<{ n: string }>(
              `SELECT COUNT(*) AS n FROM "OutboxMessage" WHERE "status" <> 'sent' AND "to" LIKE 'topo-%'`,
            )
          )[0].n,
        );
      const drainDeadline = Date.now() + 100_000;
      while ((await unsent()) > 0 && Date.now() < drainDeadline) await sleep(250);
      while (nextMail < smtp.messages.length) await sleep(50);
      await sleep(300);
      stopConfirming = true;
      await confirming;
      rows = await stored();

      // Answers: reads are always 200 (nginx passes a GET that met the dead instance to the next
      // one); confirmation presses always 303 (passed on too: pressing twice is harmless).
      // A GET whose answer had already begun on the killed instance cannot be passed on: its body
      // is cut (-1), and only at the moment of the kill.
      const cutReads = reads.filter((entry) => entry.status === -1);
      for (const entry of cutReads) {
        expect(entry.at - killedAt, entry.path).toBeGreaterThanOrEqual(-50);
        expect(entry.at - killedAt, entry.path).toBeLessThan(3_000);
      }
      expect(cutReads.length).toBeLessThanOrEqual(2);
      expect(reads.filter((entry) => entry.status !== 200 && entry.status !== -1)).toEqual([]);
      expect(confirms.filter((entry) => entry.status !== 303)).toEqual([]);
      // A signing POST in flight on the killed instance cannot be passed on (it may have been
      // stored): nginx answers it 502, and only at the moment of the kill. Nothing else but 303.
      const failedSigns = signs.filter((entry) => entry.status !== 303);
      for (const entry of failedSigns) {
        expect(entry.status, entry.email).toBe(502);
        expect(entry.at - killedAt, entry.email).toBeGreaterThanOrEqual(-50);
        expect(entry.at - killedAt, entry.email).toBeLessThan(3_000);
      }
      expect(failedSigns.length).toBeLessThanOrEqual(6);
      const acknowledged = signs.filter((entry) => entry.status === 303);
      expect(acknowledged.length).toBeGreaterThanOrEqual(60);

      // Nothing acknowledged is lost; every press that answered 303 is a confirmed signature.
      const byEmail = new Map(rows.map((row) => [row.email, row]));
      for (const entry of acknowledged) expect(byEmail.has(entry.email), entry.email).toBe(true);
      for (const entry of confirms) expect(byEmail.get(entry.email)?.status, entry.email).toBe("confirmed");
      expect(rows.filter((row) => row.status !== "confirmed")).toEqual([]);

      // Mail: one message per signature. A message the killed instance had handed to the relay but
      // not yet marked sent would go out again when its lease ends, with the same Message-ID
      // (receivers drop it); count those and allow at most the 3 the worker sends at once.
      const mails = smtp.messages.filter((mail) => addressOf(mail).startsWith("topo-"));
      const idsByAddress = new Map<string, Set<string>>();
      for (const mail of mails) {
        const ids = idsByAddress.get(addressOf(mail)) ?? new Set<string>();
        ids.add(mail.messageId);
        idsByAddress.set(addressOf(mail), ids);
      }
      for (const row of rows) expect(idsByAddress.get(row.email)?.size, row.email).toBe(1);
      expect(idsByAddress.size).toBe(rows.length);
      const duplicates = mails.length - rows.length;
      expect(duplicates).toBeLessThanOrEqual(3);
      expect(await unsent()).toBe(0);

      // Counters equal a recount, and the ledger verifies, as an outsider checks it through nginx.
      const counters = await counterRows(db, demoPetition);
      const counted = await recount(db, demoPetition);
      for (const [region, value] of counters) expect(value, region).toBe(counted.get(region) ?? 0);
      const verified = await runVerifier(topology.url, demoPetition);
      expect(verified.code, verified.output).toBe(0);

      // The live count reaches every watcher through nginx (streams on the killed instance
      // reconnected), and ends at the published figure.
      const [{ total }] = await db.query<{ total: string }>(
        `SELECT SUM(c."confirmed") AS total FROM "RegionCount" c JOIN "Publication" p ON p."id" = c."publicationId" WHERE p."slug" = $1`,
        [demoPetition],
      );
      const deadline = Date.now() + 5_000;
      while (streams.some((stream) => stream.latest !== Number(total)) && Date.now() < deadline) await sleep(50);
      for (const stream of streams) expect(stream.latest).toBe(Number(total));
      await Promise.all(streams.map((stream) => stream.stop()));

      // The restarted instance LISTENs again (the killed one's session is gone); no statement failed
      // for want of a prepared statement through PgBouncer.
      expect(await listeners()).toBe(3);
      for (const instance of topology.instances)
        expect(readFileSync(instance.log, "utf8"), instance.log).not.toMatch(/prepared statement/i);

      // The restarted instance takes requests again; nginx passed some requests on to another instance.
      const after = accessLog(logBeforeRestart);
      expect(after.some((line) => line.upstreams.includes(`127.0.0.1:${victim.port}`))).toBe(true);
      const all = accessLog();
      const passedOn = all.filter((line) => line.upstreams.includes(","));
      console.log(
        `topology under a kill: ${acknowledged.length} signatures answered 303, ${failedSigns.length} answered 502 at the kill ` +
          `(${failedSigns.filter((entry) => byEmail.has(entry.email)).length} of those stored anyway and mailed), ` +
          `${confirms.length} confirmations (all 303), ${reads.length} reads (all 200), ` +
          `${passedOn.length} requests passed on by nginx (${[...new Set(passedOn.map((line) => line.method))].join(", ")}), ` +
          `${mails.length} mails for ${rows.length} signatures (${duplicates} repeated Message-IDs), ` +
          `stream reconnects ${streams.map((stream) => stream.reconnects).join("/")}, ` +
          `killed at +${killedAt - t0} ms, back at +${restartedAt - t0} ms, confirmed before ${confirmedBefore}, after ${total}`,
      );
    }, 240_000);
  },
);
