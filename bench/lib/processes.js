// Child processes under test (the built app, the bare baseline server) and their memory.
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";

/** A free TCP port on loopback. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * @typedef {{ name: string, pid: number, url: string, log: string, exited: Promise<number | null>,
 *   stop(graceMs?: number): Promise<{ ms: number, killed: boolean, code: number | null | undefined }>, memory(): { rssKb: number, hwmKb: number } | null,
 *   pids?: () => number[], logs?: () => string[] }} Child
 * `pids` and `logs`: a group of processes measured as one (bench/lib/topology.js: instances, nginx, PgBouncer).
 */

/**
 * Starts `node <args>` with `env`, output to `log`, and waits until GET `readyPath` answers 200.
 * @param {{ name: string, args: string[], env: Record<string, string>, port: number, log: string, readyPath?: string, timeoutMs?: number, cwd?: string }} options
 * @returns {Promise<Child>}
 */
export async function startChild(options) {
  const fd = openSync(options.log, "a");
  const child = spawn(process.execPath, options.args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", fd, fd],
  });
  closeSync(fd);
  let exitCode = /** @type {number | null | undefined} */ (undefined);
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve((exitCode = code ?? (signal ? 128 : null)))),
  );
  const url = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (exitCode !== undefined)
      throw new Error(
        `${options.name} exited with ${exitCode} while starting; see ${options.log}:\n${tail(options.log)}`,
      );
    try {
      const response = await fetch(url + (options.readyPath ?? "/healthz"), { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(
        `${options.name} did not become ready within ${options.timeoutMs ?? 60_000} ms; see ${options.log}:\n${tail(options.log)}`,
      );
    }
    await sleep(100);
  }
  const pid = /** @type {number} */ (child.pid);
  return {
    name: options.name,
    pid,
    url,
    log: options.log,
    exited,
    memory: () => readMemory(pid),
    /** SIGTERM, then SIGKILL after `graceMs`; resolves with how long the shutdown took. */
    async stop(graceMs = 60_000) {
      if (exitCode !== undefined) return { ms: 0, killed: false, code: exitCode };
      const started = Date.now();
      let killed = false;
      child.kill("SIGTERM");
      const timer = setTimeout(() => {
        killed = true;
        child.kill("SIGKILL");
      }, graceMs);
      const code = await exited;
      clearTimeout(timer);
      return { ms: Date.now() - started, killed, code };
    },
  };
}

/** Last lines of a log file, for error messages. */
export function tail(/** @type {string} */ file, lines = 15) {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** VmRSS and VmHWM (peak resident set) of a process, in KiB; null when unavailable (not Linux). */
export function readMemory(/** @type {number} */ pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const field = (/** @type {string} */ name) =>
      Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? 0);
    return { rssKb: field("VmRSS"), hwmKb: field("VmHWM") };
  } catch {
    return null;
  }
}

/**
 * Samples a process's resident memory every `everyMs` while a scenario runs. The kernel's peak
 * (VmHWM) is reset first where allowed (`echo 5 > /proc/<pid>/clear_refs`), so the peak is this
 * scenario's, not the process's lifetime peak; otherwise the sampled maximum of VmRSS is used.
 * Also measures CPU: the process's, the bench process's own, and everything else on the machine
 * (another test run on a shared machine makes every number meaningless, so it is recorded).
 * @param {Child} child
 * @param {number[]} ownPids other processes of this bench (their CPU is not "others")
 */
export function sampleMemory(child, ownPids = [], everyMs = 100) {
  const group = child.pids ? child.pids() : [child.pid];
  let resetOk = false;
  try {
    for (const pid of group) {
      if (existsSync(`/proc/${pid}/clear_refs`)) {
        writeFileSync(`/proc/${pid}/clear_refs`, "5");
        resetOk = true;
      }
    }
  } catch {
    resetOk = false;
  }
  const start = child.memory();
  const cpu = cpuMeter([...group, ...ownPids.filter((pid) => !group.includes(pid))]);
  let maxRss = start?.rssKb ?? 0;
  const timer = setInterval(() => {
    const now = child.memory();
    if (now) maxRss = Math.max(maxRss, now.rssKb);
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const usage = cpu.stop();
      const end = child.memory();
      if (end) maxRss = Math.max(maxRss, end.rssKb);
      const peakKb = resetOk && end ? Math.max(end.hwmKb, maxRss) : maxRss;
      return {
        startRssMb: round1((start?.rssKb ?? 0) / 1024),
        endRssMb: round1((end?.rssKb ?? 0) / 1024),
        peakRssMb: round1(peakKb / 1024),
        source: resetOk ? "VmHWM (reset per scenario) / VmRSS samples" : `VmRSS sampled every ${everyMs} ms`,
        /** CPU of the measured process (or group of processes), in % of one core. */
        cpuPercent: group.some((pid) => usage.byPid[pid] !== undefined)
          ? group.reduce((total, pid) => total + (usage.byPid[pid] ?? 0), 0)
          : null,
        /** CPU of the bench process itself (load generator, SMTP sink). */
        benchCpuPercent: usage.self,
        /** CPU of the PostgreSQL server processes (all of them, whoever they serve). */
        databaseCpuPercent: usage.database,
        /** CPU used by everything else on the machine, in % of one core. */
        otherCpuPercent: usage.others,
      };
    },
  };
}

/** Machine-wide busy CPU ticks (all cores) from /proc/stat; null when unavailable. */
function machineTicks() {
  try {
    const [, ...values] = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/);
    const n = values.map(Number);
    const idle = (n[3] ?? 0) + (n[4] ?? 0);
    return n.slice(0, 8).reduce((a, b) => a + b, 0) - idle;
  } catch {
    return null;
  }
}

/** CPU seconds used so far by each PostgreSQL server process (the database under test). */
function databaseCpu() {
  /** @type {Map<number, number>} */
  const byPid = new Map();
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return byPid;
  }
  for (const name of entries) {
    try {
      if (readFileSync(`/proc/${name}/comm`, "utf8").trim() !== "postgres") continue;
      const seconds = cpuSeconds(Number(name));
      if (seconds !== null) byPid.set(Number(name), seconds);
    } catch {
      // gone meanwhile
    }
  }
  return byPid;
}

/**
 * CPU use between now and stop(), in % of one core: per listed process, this process, the
 * PostgreSQL server's processes, and all others on the machine.
 * @param {number[]} pids
 */
export function cpuMeter(pids) {
  const wall = Date.now();
  const machine = machineTicks();
  const self = process.cpuUsage();
  const dbBefore = databaseCpu();
  const before = Object.fromEntries(pids.map((pid) => [pid, cpuSeconds(pid)]));
  return {
    stop() {
      const seconds = Math.max(0.001, (Date.now() - wall) / 1000);
      const selfUsage = process.cpuUsage(self);
      const selfPct = Math.round((selfUsage.user + selfUsage.system) / 1e4 / seconds);
      /** @type {Record<number, number>} */
      const byPid = {};
      let mine = selfPct;
      for (const pid of pids) {
        const end = cpuSeconds(pid);
        const start = before[pid];
        if (end === null || start === null || start === undefined) continue;
        byPid[pid] = Math.round((100 * (end - start)) / seconds);
        mine += byPid[pid];
      }
      let dbSeconds = 0;
      for (const [pid, used] of databaseCpu()) dbSeconds += used - (dbBefore.get(pid) ?? 0);
      const database = Math.round((100 * dbSeconds) / seconds);
      const machineEnd = machineTicks();
      const total = machine === null || machineEnd === null ? null : Math.round((machineEnd - machine) / seconds);
      return {
        byPid,
        self: selfPct,
        database,
        total,
        others: total === null ? null : Math.max(0, total - mine - database),
      };
    },
  };
}

export const round1 = (/** @type {number} */ n) => Math.round(n * 10) / 10;

/** CPU time (user + system) a process has used so far, in seconds; null when unavailable. */
function cpuSeconds(/** @type {number} */ pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[11] = utime, fields[12] = stime (clock ticks; 100 per second on Linux)
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}
