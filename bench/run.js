#!/usr/bin/env node
// `npm run bench`: load scenarios against the BUILT app (`npm run build` runs first), each measured
// side by side with a bare node:http + raw-driver baseline in the same run. Not part of `npm test`.
// Results: bench/results/latest.json and latest.md (narrowed runs write bench/results/*.tmp/).
// What each scenario does and how to read the numbers: bench/README.md.
//
//   npm run bench                                  # everything, SQLite and PostgreSQL
//   npm run bench -- --db=sqlite --only=reads,page # a part (results go to a *.tmp folder)
//   npm run bench -- --only=reads --profile        # plus a CPU profile of the app, summarised
//   npm run bench -- --topology nginx-3            # PostgreSQL: 3 instances behind nginx, PgBouncer (bench/lib/topology.js)
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import http from "node:http";
import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { createDatabase, postgresProblem, pgServerUrl, scratchDir } from "./lib/databases.js";
import { measureLive } from "./lib/live.js";
import { newKey } from "../scripts/tlog.js";
import { percentile, runLoad } from "./lib/load.js";
import { cpuMeter, freePort, round1, sampleMemory, sleep, startChild, tail } from "./lib/processes.js";
import { renderMarkdown } from "./lib/report.js";
import { startSmtpSink } from "./lib/smtp-sink.js";
import { transferSize } from "./lib/transfer.js";
import { summarise } from "./profile-summary.js";
import { startTopology, topologyAsChild, topologyProblem, topologyVersions } from "./lib/topology.js";

const root = resolve(new URL("..", import.meta.url).pathname);
const SCENARIOS = ["sign", "confirm", "reads", "badge", "page", "live"];
const SLUG = "fair-elections-petition";
const SECRET = "bench-secret-bench-secret-bench-secret-0123";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "sqlite,postgres" },
    only: { type: "string", default: SCENARIOS.join(",") },
    duration: { type: "string", default: "10" },
    connections: { type: "string", default: "50" },
    streams: { type: "string", default: "1000" },
    "live-confirms": { type: "string", default: "20" },
    region: { type: "string", default: "KZ-75" },
    "node-env": { type: "string", default: "production" },
    profile: { type: "boolean", default: false },
    // "on": the app's per-address abuse rules run (as deployed); every signing request then comes
    // from its own address (X-Forwarded-For, trusted from loopback as from a proxy).
    "rate-limits": { type: "string", default: "off" },
    // "nginx-N": the production topology (docs/operations.md): N app instances behind nginx, their
    // queries through PgBouncer (transaction pooling), LISTEN and migrations direct. PostgreSQL only.
    topology: { type: "string" },
    out: { type: "string" },
    "app-node-options": { type: "string" },
    // Seconds without load after the last scenario before the app's idle memory is read.
    "idle-wait": { type: "string", default: "20" },
    // KEY=VALUE, repeatable: more environment for the app only (e.g. MALLOC_ARENA_MAX=4).
    "app-env": { type: "string", multiple: true },
    help: { type: "boolean", default: false },
  },
});
if (args.help) {
  console.log(
    readFileSync(new URL(import.meta.url), "utf8")
      .split("\n")
      .slice(1, 11)
      .join("\n")
      .replace(/^\/\/ ?/gm, ""),
  );
  process.exit(0);
}
const topologyMatch = args.topology ? /^nginx-(\d+)$/.exec(args.topology) : null;
if (args.topology && !topologyMatch) {
  console.error(`bench: --topology ${args.topology}: use nginx-N (N app instances behind nginx), e.g. nginx-3`);
  process.exit(1);
}
const topologyInstances = topologyMatch ? Number(topologyMatch[1]) : 0;
if (topologyInstances && args.profile) {
  console.error("bench: --profile profiles one app process; run it without --topology");
  process.exit(1);
}
if (topologyInstances) {
  const problem = topologyProblem();
  if (problem) {
    console.error(`bench: --topology needs nginx and PgBouncer: ${problem}`);
    process.exit(1);
  }
}
const dbs = /** @type {("sqlite" | "postgres")[]} */ (
  args.db.split(",").filter((d) => (d === "sqlite" && !topologyInstances) || d === "postgres")
);
const only = new Set(args.only.split(",").filter((s) => SCENARIOS.includes(s)));
const duration = Number(args.duration);
const connections = Number(args.connections);
const streamCount = Number(args.streams);
const liveConfirms = Number(args["live-confirms"]);
const nodeEnv = args["node-env"];
const idleWaitSeconds = Number(args["idle-wait"]);
const rateLimits = args["rate-limits"] === "on" ? "on" : "off";
const full =
  args.db === "sqlite,postgres" &&
  only.size === SCENARIOS.length &&
  !args.profile &&
  rateLimits === "off" &&
  !topologyInstances;
const outName =
  args.out ??
  (full
    ? "latest"
    : `${topologyInstances ? `topology-${args.topology}` : "partial"}-${new Date().toISOString().replace(/[:.]/g, "-")}.tmp`);

if (!existsSync(join(root, "build/index.js"))) {
  console.error("bench: build/index.js is missing. Run `npm run build` first (`npm run bench` does).");
  process.exit(1);
}

/** Which code was measured: the commit, and whether app code differed from it (the build is of the work tree). */
function gitState() {
  const git = (/** @type {string[]} */ gitArgs) => {
    const result = spawnSync("git", gitArgs, { cwd: root, encoding: "utf8" });
    return result.status === 0 ? result.stdout.trim() : "";
  };
  const changed = git(["status", "--porcelain", "--", "app", "prisma", "server.js", "remix.config.js", "package.json"])
    .split("\n")
    .filter(Boolean);
  return {
    commit: git(["rev-parse", "--short", "HEAD"]) || "unknown",
    subject: git(["log", "-1", "--format=%s"]).slice(0, 120),
    uncommittedFiles: changed.length,
  };
}

const log = (/** @type {string} */ line) => console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);
/** Undo steps, last first: `suiteCleanups` after each database, `cleanups` at the end. */
/** @type {Array<() => Promise<unknown>>} */
const cleanups = [];
/** @type {Array<() => Promise<unknown>>} */
const suiteCleanups = [];
async function cleanup(/** @type {Array<() => Promise<unknown>>} */ list) {
  while (list.length)
    await /** @type {() => Promise<unknown>} */ (list.pop())().catch((error) =>
      console.error("cleanup:", error.message),
    );
}
for (const signal of /** @type {const} */ (["SIGINT", "SIGTERM"])) {
  process.once(
    signal,
    () =>
      void cleanup(suiteCleanups)
        .then(() => cleanup(cleanups))
        .finally(() => process.exit(130)),
  );
}

const dir = scratchDir();
cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
const profileDir = join(root, "bench/results/profiles.tmp");

/** @type {any} */
const results = {
  date: new Date().toISOString(),
  code: gitState(),
  machine: {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? "unknown",
    memoryGb: round1(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((n) => round1(n)),
  },
  settings: {
    duration,
    connections,
    streams: streamCount,
    liveConfirms,
    signRegion: args.region,
    nodeEnv,
    logLevel: "info",
    rateLimits,
    idleWaitSeconds,
    topology: topologyInstances
      ? {
          name: args.topology,
          instances: topologyInstances,
          ...topologyVersions(),
          what: `${topologyInstances} app instances (node server.js) behind nginx (least_conn, keepalive), DATABASE_URL through PgBouncer (pool_mode=transaction), DATABASE_DIRECT_URL straight to PostgreSQL`,
        }
      : null,
    databases: dbs,
    scenarios: [...only],
  },
  suites: /** @type {any[]} */ ([]),
  notes: /** @type {string[]} */ ([]),
};

// ---------------------------------------------------------------------------------------------

{
  const meter = cpuMeter([]);
  await sleep(1000);
  const usage = meter.stop();
  results.machine.otherCpuPercentAtStart = (usage.others ?? 0) + usage.database;
}
const sink = await startSmtpSink();
cleanups.push(() => sink.close());

/** Boots the app once in development mode so that it migrates and seeds the demo content. */
async function prepareDatabase(
  /** @type {import("./lib/databases.js").BenchDatabase} */ database,
  /** @type {string} */ name,
) {
  const port = await freePort();
  const dataDir = join(dir, `data-prepare-${name}`);
  mkdirSync(dataDir, { recursive: true });
  const child = await startChild({
    name: `app (prepare ${name})`,
    args: ["server.js"],
    cwd: root,
    port,
    log: join(dir, `prepare-${name}.log`),
    env: appEnv({
      NODE_ENV: "development",
      DATABASE_URL: database.url,
      PORT: String(port),
      DATA_DIR: dataDir,
      LOG_LEVEL: "warn",
    }),
  });
  await child.stop();
}

// Production requires the log's signing key; one per bench run.
const LOG_KEY = newKey("bench.dauys.localhost/log", 1).private;

function appEnv(/** @type {Record<string, string>} */ extra) {
  const port = extra.PORT;
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: nodeEnv,
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SMTP_URL: sink.url,
    SESSION_SECRET: SECRET,
    LOG_SIGNING_KEY: LOG_KEY,
    SEED_DEMO: "auto",
    RATE_LIMITS: rateLimits,
    // Every simulated reader of the live scenario connects from this one address.
    LIVE_STREAMS_PER_IP: String(Math.max(8, streamCount + 10)),
    LOG_LEVEL: "info",
    // --app-node-options: V8/Node flags for the app only (e.g. GC sizing experiments).
    ...(args["app-node-options"] ? { NODE_OPTIONS: args["app-node-options"] } : {}),
    ...Object.fromEntries(
      (args["app-env"] ?? []).map((pair) => [pair.split("=")[0], pair.split("=").slice(1).join("=")]),
    ),
    ...extra,
  };
}

/** The app's own timing of the requests it logged (`http` lines: from Express's first middleware to the response's end). */
function serverTimes(/** @type {string | string[]} */ file, /** @type {number | number[]} */ from) {
  /** @type {number[]} */
  const ms = [];
  for (const line of readLogSlices(file, from).split("\n")) {
    if (!line.includes('"msg":"http"')) continue;
    try {
      const entry = JSON.parse(line);
      if (typeof entry.ms === "number" && entry.path !== "/healthz") ms.push(entry.ms);
    } catch {
      // a partial line
    }
  }
  ms.sort((a, b) => a - b);
  return ms.length
    ? { requests: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99), max: percentile(ms, 100) }
    : null;
}

/** Several logs (the instances of a topology) read as one; `from` per file. */
function readLogSlices(/** @type {string | string[]} */ files, /** @type {number | number[]} */ from) {
  return (Array.isArray(files) ? files : [files])
    .map((file, i) => readLogSlice(file, Array.isArray(from) ? (from[i] ?? 0) : from))
    .join("\n");
}

function readLogSlice(/** @type {string} */ file, /** @type {number} */ from) {
  try {
    const fd = openSync(file, "r");
    try {
      const size = fstatSync(fd).size;
      const buffer = Buffer.alloc(Math.max(0, size - from));
      readSync(fd, buffer, 0, buffer.length, from);
      return buffer.toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return "";
  }
}

/** Warnings and errors the app logged while a scenario ran (JSON lines), counted by message. */
function logProblems(/** @type {string | string[]} */ file, /** @type {number | number[]} */ from) {
  const text = readLogSlices(file, from);
  /** @type {Record<string, number>} */
  const counts = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) {
      if (/error|exception/i.test(line)) counts[line.slice(0, 160)] = (counts[line.slice(0, 160)] ?? 0) + 1;
      continue;
    }
    try {
      const entry = JSON.parse(line);
      if (entry.level === "warn" || entry.level === "error" || (entry.msg === "http" && entry.status >= 500)) {
        const key = `${entry.level} ${entry.msg}${entry.error ? `: ${String(entry.error).slice(0, 200)}` : ""}${entry.msg === "http" ? ` ${entry.method} ${entry.path} ${entry.status}` : ""}`;
        counts[key] = (counts[key] ?? 0) + 1;
      }
    } catch {
      // a partial line
    }
  }
  return counts;
}
const logSize = (/** @type {string} */ file) => (existsSync(file) ? statSync(file).size : 0);
/** The log files of an app (one, or every instance of a topology). */
const logsOf = (/** @type {import("./lib/processes.js").Child} */ child) => (child.logs ? child.logs() : [child.log]);

/** Processes of this bench (app, baseline): their CPU is ours, not "other load on the machine". */
const ownPids = new Set();

/**
 * Waits (bounded) until other processes on the machine leave the CPU alone: this machine may be
 * shared (another engineer's test run makes every figure meaningless). Returns what was seen.
 */
let quietBudgetMs = Number(process.env.BENCH_QUIET_WAIT_S ?? 240) * 1000;
async function waitQuiet() {
  const started = Date.now();
  for (;;) {
    const meter = cpuMeter([...ownPids]);
    await sleep(1000);
    const usage = meter.stop();
    // Between runs our own processes are idle: a busy PostgreSQL server is someone else's load too.
    const others = (usage.others ?? 0) + usage.database;
    const waited = Date.now() - started;
    if (others <= 25 || waited >= Math.min(60_000, quietBudgetMs)) {
      quietBudgetMs = Math.max(0, quietBudgetMs - waited);
      if (others > 25)
        log(`the machine is busy: other processes use ${others}% CPU; measuring anyway (results flagged)`);
      else if (waited > 1500) log(`waited ${round1(waited / 1000)} s for other processes to leave the CPU`);
      return { othersBeforePercent: others, waitedSeconds: round1(waited / 1000) };
    }
  }
}

/**
 * Runs one measurement against a child process: peak memory and CPU sampled meanwhile, log
 * problems after.
 * @template T
 * @param {import("./lib/processes.js").Child} child
 * @param {() => Promise<T>} work
 */
/**
 * A visitor arriving during the load: every `everyMs`, GET /healthz on a NEW connection (no
 * keep-alive), one at a time; the time until the answer includes waiting to be accepted.
 */
function probeNewConnections(/** @type {string} */ baseUrl, everyMs) {
  /** @type {number[]} */
  const times = [];
  let stopped = false;
  const url = new URL("/healthz", baseUrl);
  const once = () =>
    new Promise((resolve) => {
      const started = performance.now();
      const req = http.get(url, { agent: false, timeout: 30_000 }, (res) => {
        res.resume();
        res.on("end", () => resolve(times.push(performance.now() - started)));
      });
      req.on("error", () => resolve(times.push(performance.now() - started)));
      req.on("timeout", () => req.destroy());
    });
  const loop = (async () => {
    await sleep(everyMs);
    while (!stopped) {
      await once();
      await sleep(everyMs);
    }
  })();
  void loop;
  return {
    stop() {
      stopped = true;
      const sorted = [...times].sort((a, b) => a - b);
      const r = (/** @type {number} */ n) => Math.round(n * 10) / 10;
      return {
        count: sorted.length,
        p50: sorted.length ? r(percentile(sorted, 50)) : null,
        max: sorted.length ? r(sorted.at(-1) ?? 0) : null,
      };
    },
  };
}

async function measured(child, work) {
  const quiet = await waitQuiet();
  const logs = logsOf(child);
  const from = logs.map(logSize);
  const memory = sampleMemory(
    child,
    [...ownPids].filter((pid) => pid !== child.pid),
  );
  try {
    const result = await work();
    return {
      ...result,
      memory: memory.stop(),
      quiet,
      logProblems: logProblems(logs, from),
      serverMs: serverTimes(logs, from),
    };
  } catch (error) {
    memory.stop();
    throw error;
  }
}

const sum = (/** @type {Record<string, number>} */ counts) => Object.values(counts).reduce((a, b) => a + b, 0);

async function confirmedCount(/** @type {string} */ baseUrl) {
  const response = await fetch(`${baseUrl}/api/v1/petitions/${SLUG}`, { headers: { "Cache-Control": "no-cache" } });
  return Number((await response.json()).confirmed);
}

/** Waits until the sink holds `expected` messages (the app's outbox is drained). */
async function waitForMail(/** @type {number} */ expected, /** @type {number} */ timeoutMs) {
  const started = Date.now();
  while (sink.count < expected && Date.now() - started < timeoutMs) await sleep(100);
  return {
    delivered: sink.count,
    expected,
    seconds: round1((Date.now() - started) / 1000),
    complete: sink.count >= expected,
  };
}

let emailSerial = 0;
const runTag = Math.random().toString(36).slice(2, 8);
function signRequests(/** @type {string} */ tag) {
  const time = Date.now() - 30_000;
  const stamp = `${time}.${createHmac("sha256", SECRET).update(`stamp:${time}`).digest("base64url").slice(0, 32)}`;
  return [
    {
      method: "POST",
      path: `/kk/p/${SLUG}`,
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      setupRequest: (/** @type {any} */ request) => {
        const serial = ++emailSerial;
        return {
          ...request,
          ...(rateLimits === "on"
            ? {
                headers: {
                  ...request.headers,
                  "X-Forwarded-For": `10.${(serial >> 16) & 255}.${(serial >> 8) & 255}.${serial & 255}`,
                },
              }
            : {}),
          body: new URLSearchParams({
            name: "Айгүл Серікқызы",
            email: `bench-${runTag}-${tag}-${serial}@example.kz`,
            region: args.region,
            consent: "on",
            // The page's form stamp, as a person who read the page for half a minute sends it;
            // without it a signature is held for review on confirmation (decision 033).
            started: stamp,
          }).toString(),
        };
      },
    },
  ];
}

/**
 * Each link confirmed once, as the confirmation page's button does (POST to the link, empty
 * form, answered 303): the queue is longer than the amount by more than one request per connection.
 */
function linkRequests(/** @type {string[]} */ links) {
  const queue = links.slice().reverse();
  const spare = queue[queue.length - 1];
  return [
    {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": "0" },
      setupRequest: (/** @type {any} */ request) => ({ ...request, path: queue.pop() ?? spare }),
    },
  ];
}

/** Unmeasured load first, so that lazy imports, JIT and caches are warm (bounded: 2 s). */
async function warmUp(/** @type {Parameters<typeof runLoad>[0]} */ options) {
  await runLoad({
    ...options,
    connections: Math.min(10, options.connections),
    duration: 2,
    amount: options.amount,
    maxSeconds: 5,
  });
}

/** @param {number} ok @param {number} base */
const ratio = (ok, base) => (base ? Math.round((ok / base) * 100) / 100 : null);

/**
 * `--topology nginx-N`: the app as deployed on several machines, here on one: N instances behind
 * nginx, queries through PgBouncer, LISTEN and migrations direct (bench/lib/topology.js, the same
 * starter as test/integration/topology.pg.test.ts). Measured as one "app": nginx's address, the
 * CPU and memory of every process, the instances' logs.
 */
async function startAppTopology(
  /** @type {"sqlite" | "postgres"} */ kind,
  /** @type {string} */ directUrl,
  /** @type {string} */ dataDir,
) {
  const env = appEnv({ DATA_DIR: dataDir });
  delete env.PUBLIC_URL; // nginx's address, set by the topology
  const topology = await startTopology({
    root,
    dir: join(dir, `topology-${kind}`),
    directUrl,
    instances: topologyInstances,
    env,
    nginxWorkers: 1,
  });
  log(
    `${kind}: topology: nginx ${topology.url} (pid ${topology.nginx.pid}), PgBouncer :${topology.pgbouncer?.port} (pid ${topology.pgbouncer?.pid}), instances ${topology.instances.map((instance) => `:${instance.port} (pid ${instance.child?.pid})`).join(", ")}`,
  );
  return topologyAsChild(topology);
}

// ---------------------------------------------------------------------------------------------

/** @param {"sqlite" | "postgres"} kind */
async function runSuite(kind) {
  /** @type {any} */
  const suite = {
    db: kind,
    scenarios: /** @type {any[]} */ ([]),
    mail: /** @type {any} */ (null),
    profile: /** @type {any} */ (null),
    notes: /** @type {string[]} */ ([]),
  };
  log(`${kind}: creating databases`);
  const appDb = await createDatabase(kind, dir, "app");
  suiteCleanups.push(() => appDb.drop());
  const baseDb = await createDatabase(kind, dir, "base");
  suiteCleanups.push(() => baseDb.drop());
  log(`${kind}: migrating and seeding (${appDb.label}, ${baseDb.label})`);
  await prepareDatabase(appDb, `${kind}-app`);
  await prepareDatabase(baseDb, `${kind}-base`);

  const appPort = await freePort();
  const dataDir = join(dir, `data-${kind}`);
  mkdirSync(dataDir, { recursive: true });
  if (args.profile) mkdirSync(profileDir, { recursive: true });
  const profileStamp = `${kind}-${Date.now()}`;
  const app = topologyInstances
    ? await startAppTopology(kind, appDb.url, dataDir)
    : await startChild({
        name: "app",
        args: [
          ...(args.profile
            ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=app-${profileStamp}.cpuprofile`]
            : []),
          "server.js",
        ],
        cwd: root,
        port: appPort,
        log: join(dir, `app-${kind}.log`),
        env: appEnv({ DATABASE_URL: appDb.url, PORT: String(appPort), DATA_DIR: dataDir }),
      });
  suiteCleanups.push(() => app.stop());
  for (const pid of app.pids?.() ?? [app.pid]) ownPids.add(pid);
  const basePort = await freePort();
  const base = await startChild({
    name: "baseline",
    args: ["bench/baseline-server.js"],
    cwd: root,
    port: basePort,
    log: join(dir, `baseline-${kind}.log`),
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(basePort),
      DATABASE_URL: baseDb.url,
      SESSION_SECRET: SECRET,
      PUBLIC_URL: `http://127.0.0.1:${basePort}`,
    },
  });
  suiteCleanups.push(() => base.stop());
  ownPids.add(base.pid);
  const appBootRssMb = round1((app.memory()?.rssKb ?? 0) / 1024);
  log(`${kind}: app ${app.url} (pid ${app.pid}, NODE_ENV=${nodeEnv}), baseline ${base.url} (pid ${base.pid})`);

  let appMailExpected = sink.count;
  let appSigned = 0;
  /** @type {{ app: string[], base: string[] }} */
  const liveLinks = { app: [], base: [] };

  /** Signs `count` more through each target (not measured); optionally waits for the app's mail. */
  async function presign(/** @type {number} */ count, waitMs = 0) {
    for (const [target, tag] of /** @type {const} */ ([
      [app, "pre-app"],
      [base, "pre-base"],
    ])) {
      const result = await runLoad({
        url: target.url,
        connections: 10,
        amount: count,
        maxSeconds: 120,
        expectStatus: 303,
        requests: signRequests(tag),
      });
      if (target === app) {
        appMailExpected += result.ok;
        appSigned += result.ok;
      }
    }
    if (waitMs) await waitForMail(appMailExpected, waitMs);
  }
  const takeAppLinks = (/** @type {number} */ n) => sink.takeConfirmLinks(n);
  const takeBaseLinks = async (/** @type {number} */ n) =>
    /** @type {string[]} */ (await (await fetch(`${base.url}/__links?n=${n}`)).json());

  /** @param {string} name @param {() => Promise<any>} body */
  async function scenario(name, body) {
    if (!only.has(name)) return;
    log(`${kind}: ${name} …`);
    try {
      const entry = await body();
      suite.scenarios.push({ name, ...entry });
      if (entry.skipped) return log(`${kind}: ${name}: skipped: ${entry.skipped}`);
      const a = entry.app ?? {};
      const b = entry.baseline ?? {};
      log(
        `${kind}: ${name}: app ${a.perSecond ?? "-"}/s p50 ${a.p50 ?? "-"} ms p99 ${a.p99 ?? "-"} ms unexpected ${a.unexpected ?? "-"} | baseline ${b.perSecond ?? "-"}/s p50 ${b.p50 ?? "-"} p99 ${b.p99 ?? "-"} | ratio ${entry.ratio ?? "-"}`,
      );
    } catch (error) {
      const message = error instanceof Error ? `${error.message}` : String(error);
      suite.scenarios.push({ name, error: message });
      log(`${kind}: ${name} FAILED: ${message}`);
    }
  }

  // 1. Signing -------------------------------------------------------------------------------
  await scenario("sign", async () => {
    const load = (/** @type {string} */ url, /** @type {string} */ tag) =>
      runLoad({
        url,
        connections,
        duration,
        maxSeconds: duration + 15,
        expectStatus: 303,
        requests: signRequests(tag),
      });
    await presign(50);
    // Baseline first: the app's mail from the warm-up is delivered meanwhile.
    const baseResult = await measured(base, () => load(base.url, "base"));
    const mailBefore = sink.count;
    const loadStarted = Date.now();
    const probe = probeNewConnections(app.url, 500);
    const appResult = await measured(app, () => load(app.url, "app"));
    const newConnection = probe.stop();
    log(
      `${kind}: sign: /healthz on a new connection during the load: ${newConnection.count} probes, p50 ${newConnection.p50} ms, max ${newConnection.max} ms`,
    );
    const deliveredDuringLoad = sink.count - mailBefore;
    appMailExpected += appResult.ok;
    appSigned += appResult.ok;
    // The outbox delivers mail one message at a time; wait a bounded time, not for all of it.
    log(
      `${kind}: sign: ${deliveredDuringLoad} of ${appResult.ok} mails delivered during the load; waiting up to 25 s for more`,
    );
    const wait = await waitForMail(appMailExpected, 25_000);
    const windowSeconds = (Date.now() - loadStarted) / 1000;
    const mail = {
      queued: appResult.ok,
      deliveredDuringLoad,
      waitedSeconds: wait.seconds,
      deliveredAfterWait: sink.count - mailBefore,
      backlogAfterWait: Math.max(0, appMailExpected - sink.count),
      mailsPerSecond: round1((sink.count - mailBefore) / windowSeconds),
    };
    suite.mail = mail;
    const target = kind === "sqlite" ? 500 : 1000;
    return {
      what: `POST /kk/p/${SLUG} (urlencoded: name, unique email, region ${args.region}, consent) → 303`,
      unit: "signatures/s",
      target: { perSecond: target, ratio: 0.3 },
      app: appResult,
      baseline: baseResult,
      ratio: ratio(appResult.perSecond, baseResult.perSecond),
      pass:
        appResult.perSecond >= target &&
        (ratio(appResult.perSecond, baseResult.perSecond) ?? 0) >= 0.3 &&
        appResult.unexpected === 0,
      mail,
      newConnection,
    };
  });

  // Links for the live scenario first, so that the confirmation run cannot use them up.
  if (only.has("confirm") || only.has("live")) {
    const need = (only.has("confirm") ? 500 : 0) + (only.has("live") ? liveConfirms : 0);
    if (appSigned < need) await presign(Math.max(need - appSigned, only.has("confirm") ? 1000 : liveConfirms), 60_000);
    else if (sink.count < liveConfirms) await waitForMail(liveConfirms, 30_000);
    if (only.has("live")) {
      liveLinks.app = await takeAppLinks(liveConfirms);
      liveLinks.base = await takeBaseLinks(liveConfirms);
    }
  }

  // 2. Confirmations -------------------------------------------------------------------------
  await scenario("confirm", async () => {
    const cap = 200_000;
    const load = async (/** @type {string} */ url, /** @type {string[]} */ links) => {
      const before = await confirmedCount(url).catch(() => NaN);
      const result = await runLoad({
        url,
        connections,
        amount: Math.max(1, links.length - 3 * connections),
        maxSeconds: duration,
        expectStatus: 303,
        requests: linkRequests(links),
      });
      return { ...result, linksAvailable: links.length, confirmedBefore: before };
    };
    const warm = async (/** @type {string} */ url, /** @type {string[]} */ links) =>
      runLoad({
        url,
        connections: 10,
        amount: 50,
        maxSeconds: 5,
        expectStatus: 303,
        requests: linkRequests(links.splice(0, 50 + 30)),
      });
    // Baseline first: the app's outbox keeps delivering links meanwhile.
    const baseLinks = await takeBaseLinks(cap);
    await warm(base.url, baseLinks);
    const baseResult = await measured(base, () => load(base.url, baseLinks));
    const appLinks = await takeAppLinks(cap);
    if (appLinks.length < 200)
      throw new Error(
        `only ${appLinks.length} confirmation links reached the SMTP sink (the outbox is slow; see the mail line of the sign scenario)`,
      );
    await warm(app.url, appLinks);
    const appResult = await measured(app, () => load(app.url, appLinks));
    const appAfter = await confirmedCount(app.url);
    const notes = [];
    const appDelta = appAfter - appResult.confirmedBefore;
    // Requests still in flight when the run stops complete on the server: up to one per connection.
    const deltaOk = appDelta >= appResult.ok && appDelta <= appResult.ok + connections;
    if (!deltaOk) notes.push(`app: ${appResult.ok} answers 303 but the confirmed count moved by ${appDelta}`);
    if (appResult.ok >= appLinks.length - 3 * connections - 50)
      notes.push(`the app ran out of links after ${appResult.seconds} s (only ${appLinks.length} had arrived by mail)`);
    return {
      what: "POST /kk/confirm/<token> (the confirmation page's button; each link from the mail sink used once) → 303",
      unit: "confirmations/s",
      target: { perSecond: 1000, ratio: 0.3 },
      app: { ...appResult, confirmedDelta: appDelta },
      baseline: baseResult,
      ratio: ratio(appResult.perSecond, baseResult.perSecond),
      pass:
        appResult.unexpected === 0 &&
        deltaOk &&
        appResult.perSecond >= 1000 &&
        (ratio(appResult.perSecond, baseResult.perSecond) ?? 0) >= 0.3,
      notes,
    };
  });

  // 3. Count reads ---------------------------------------------------------------------------
  await scenario("reads", async () => {
    const path = `/api/v1/petitions/${SLUG}`;
    const bytes = Buffer.from(await (await fetch(app.url + path)).arrayBuffer());
    await fetch(`${base.url}/__static/json`, { method: "PUT", body: bytes });
    const load = (/** @type {string} */ url, c = connections, d = duration) =>
      runLoad({ url: url + path, connections: c, duration: d, maxSeconds: d + 15, expectStatus: 200 });
    await warmUp({ url: app.url + path, connections, maxSeconds: 5, expectStatus: 200 });
    const appResult = await measured(app, () => load(app.url));
    const appUnloaded = await load(app.url, 1, 3);
    await warmUp({ url: base.url + path, connections, maxSeconds: 5, expectStatus: 200 });
    const baseResult = await measured(base, () => load(base.url));
    const baseUnloaded = await load(base.url, 1, 3);
    const r = ratio(appResult.perSecond, baseResult.perSecond);
    return {
      what: `GET ${path} (JSON, ${bytes.length} bytes, no Accept-Encoding) — baseline serves the same bytes from memory`,
      unit: "requests/s",
      target: { perSecond: 10_000, p99: 20, ratio: 0.5 },
      app: { ...appResult, unloaded: appUnloaded },
      baseline: { ...baseResult, unloaded: baseUnloaded },
      ratio: r,
      pass: appResult.perSecond >= 10_000 && appResult.p99 < 20 && (r ?? 0) >= 0.5 && appResult.unexpected === 0,
    };
  });

  // 3b. Badge reads (if the app has the endpoint) ------------------------------------------------
  await scenario("badge", async () => {
    const path = `/badge/${SLUG}.svg`;
    const probe = await fetch(app.url + path);
    const bytes = Buffer.from(await probe.arrayBuffer());
    if (probe.status !== 200)
      return { skipped: `GET ${path} answers ${probe.status}: there is no SVG badge endpoint to measure` };
    await fetch(`${base.url}/__static/badge`, { method: "PUT", body: bytes });
    const load = (/** @type {string} */ url, c = connections, d = duration) =>
      runLoad({ url: url + path, connections: c, duration: d, maxSeconds: d + 15, expectStatus: 200 });
    await warmUp({ url: app.url + path, connections, maxSeconds: 5, expectStatus: 200 });
    const appResult = await measured(app, () => load(app.url));
    const appUnloaded = await load(app.url, 1, 3);
    await warmUp({ url: base.url + path, connections, maxSeconds: 5, expectStatus: 200 });
    const baseResult = await measured(base, () => load(base.url));
    const baseUnloaded = await load(base.url, 1, 3);
    const r = ratio(appResult.perSecond, baseResult.perSecond);
    return {
      what: `GET ${path} (SVG, ${bytes.length} bytes) — baseline serves the same bytes from memory`,
      unit: "requests/s",
      target: { perSecond: 10_000, p99: 20, ratio: 0.5 },
      app: { ...appResult, unloaded: appUnloaded },
      baseline: { ...baseResult, unloaded: baseUnloaded },
      ratio: r,
      pass: appResult.perSecond >= 10_000 && appResult.p99 < 20 && (r ?? 0) >= 0.5 && appResult.unexpected === 0,
    };
  });

  // 4. Page render ---------------------------------------------------------------------------
  await scenario("page", async () => {
    const path = `/kk/p/${SLUG}`;
    const transfer = await transferSize(app.url + path);
    const html = Buffer.from(await (await fetch(app.url + path)).arrayBuffer());
    await fetch(`${base.url}/__static/page`, { method: "PUT", body: html });
    const headers = { "Accept-Encoding": "gzip", Accept: "text/html" };
    const load = (/** @type {string} */ url, c = connections, d = duration) =>
      runLoad({ url: url + path, connections: c, duration: d, maxSeconds: d + 15, expectStatus: 200, headers });
    await warmUp({ url: app.url + path, connections, maxSeconds: 5, expectStatus: 200, headers });
    const appResult = await measured(app, () => load(app.url));
    const appUnloaded = await load(app.url, 1, 3);
    // The same page rendered for every request: a query string keeps it out of the page cache.
    const appRendered = await runLoad({
      url: `${app.url}${path}?signers=1`,
      connections: 1,
      duration: 3,
      maxSeconds: 18,
      expectStatus: 200,
      headers,
    });
    await warmUp({ url: base.url + path, connections, maxSeconds: 5, expectStatus: 200, headers });
    const baseResult = await measured(base, () => load(base.url));
    const baseUnloaded = await load(base.url, 1, 3);
    return {
      what: `GET ${path} with Accept-Encoding: gzip (as browsers send) — baseline serves the same HTML, gzipped once, from memory`,
      unit: "pages/s",
      target: { p50: 30, transferKb: 100 },
      app: { ...appResult, unloaded: appUnloaded, rendered: appRendered },
      baseline: { ...baseResult, unloaded: baseUnloaded },
      ratio: ratio(appResult.perSecond, baseResult.perSecond),
      transfer,
      // p50 is judged on one connection (time to first byte of an unloaded server) and shown
      // under load too; the load p50 is mostly queueing behind the other 49 connections.
      pass: appUnloaded.p50 < 30 && transfer.totalGzipBytes <= 100 * 1024 && appResult.unexpected === 0,
    };
  });

  // 5. Live latency ---------------------------------------------------------------------------
  await scenario("live", async () => {
    if (liveLinks.app.length < liveConfirms)
      throw new Error(`only ${liveLinks.app.length} confirmation links for the live scenario`);
    const live = (/** @type {string} */ url, /** @type {string[]} */ links) =>
      measureLive({ baseUrl: url, slug: SLUG, streams: streamCount, links, spacingMs: 200 });
    const appResult = await measured(app, () => live(app.url, liveLinks.app));
    const baseResult = await measured(base, () => live(base.url, liveLinks.base));
    return {
      what: `${streamCount} event streams on /api/v1/petitions/${SLUG}/events; ${liveConfirms} confirmations 200 ms apart; time from the confirmation request until each stream sees the new count`,
      unit: "ms",
      target: { p99: 2000 },
      app: appResult,
      baseline: baseResult,
      ratio: null,
      pass:
        appResult.streamsOpen === streamCount &&
        appResult.missedDeliveries === 0 &&
        appResult.p99 <= 2000 &&
        appResult.allStreamsMax <= 2000,
    };
  });

  // Idle: the same processes once the load has stopped for a while (streams closed, mail sent).
  const appEndRssMb = round1((app.memory()?.rssKb ?? 0) / 1024);
  log(`${kind}: waiting ${idleWaitSeconds} s without load for the idle memory`);
  await sleep(idleWaitSeconds * 1000);
  const rssMb = (/** @type {import("./lib/processes.js").Child} */ child) =>
    round1((child.memory()?.rssKb ?? 0) / 1024);
  suite.memory = {
    appBootRssMb,
    appEndRssMb,
    appIdleRssMb: rssMb(app),
    idleWaitSeconds,
    appPeakRssMb: Math.max(0, ...suite.scenarios.flatMap((/** @type {any} */ s) => [s.app?.memory?.peakRssMb ?? 0])),
    appLifetimePeakMb: round1((app.memory()?.hwmKb ?? 0) / 1024),
    baselineIdleRssMb: rssMb(base),
  };
  log(
    `${kind}: app RSS after boot ${appBootRssMb} MB, peak ${suite.memory.appPeakRssMb} MB, at the end ${appEndRssMb} MB, after ${idleWaitSeconds} s idle ${suite.memory.appIdleRssMb} MB`,
  );
  suite.appLogProblems = logProblems(logsOf(app), 0);
  await base.stop();
  ownPids.delete(base.pid);
  // SIGTERM as an orchestrator would send it; the time to exit is part of the results.
  const backlog = Math.max(0, appMailExpected - sink.count);
  const appPids = app.pids?.() ?? [app.pid];
  const shutdown = await app.stop(90_000);
  for (const pid of appPids) ownPids.delete(pid);
  suite.shutdown = { ...shutdown, mailBacklogAtSigterm: backlog };
  log(
    `${kind}: app stopped ${shutdown.killed ? "by SIGKILL after" : "in"} ${round1(shutdown.ms / 1000)} s (exit ${shutdown.code}; ${backlog} mails were still queued at SIGTERM)`,
  );
  if (args.profile) {
    const file = readdirSync(profileDir).find((name) => name === `app-${profileStamp}.cpuprofile`);
    if (file) {
      suite.profile = { file: join("bench/results/profiles.tmp", file), ...summarise(join(profileDir, file), 20) };
      log(`${kind}: CPU profile ${suite.profile.file}`);
    }
  }
  if (sum(suite.appLogProblems))
    log(`${kind}: the app logged problems: ${JSON.stringify(suite.appLogProblems)}\n${tail(app.log, 5)}`);
  return suite;
}

// ---------------------------------------------------------------------------------------------

const started = Date.now();
try {
  for (const kind of dbs) {
    if (kind === "postgres") {
      const problem = await postgresProblem();
      if (problem) {
        results.suites.push({ db: kind, skipped: `${problem} — PostgreSQL scenarios skipped.` });
        log(`postgres: SKIPPED: ${problem}`);
        continue;
      }
    }
    try {
      results.suites.push(await runSuite(kind));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      results.suites.push({ db: kind, failed: message });
      log(`${kind}: FAILED: ${message}`);
    }
    await cleanup(suiteCleanups);
  }
} finally {
  await cleanup(suiteCleanups);
  await cleanup(cleanups);
}
results.totalSeconds = Math.round((Date.now() - started) / 1000);
results.notes.push(`PostgreSQL server: ${pgServerUrl.replace(/\/\/[^@]*@/, "//")}.`);

const outDir = join(root, "bench/results");
mkdirSync(outDir, { recursive: true });
const base = outName.endsWith(".tmp") ? join(outDir, outName) : outDir;
mkdirSync(base, { recursive: true });
const stem = outName.endsWith(".tmp") ? "results" : outName;
writeFileSync(join(base, `${stem}.json`), JSON.stringify(results, null, 2) + "\n");
writeFileSync(join(base, `${stem}.md`), renderMarkdown(results));
log(`done in ${results.totalSeconds} s: ${join(base, `${stem}.md`).replace(root + "/", "")} and .json`);
const failedAny = results.suites.some(
  (/** @type {any} */ suite) => suite.failed || suite.scenarios?.some((/** @type {any} */ s) => s.error),
);
process.exit(failedAny ? 1 : 0);
