// The production topology on one machine, for the topology test and `npm run bench -- --topology`:
// nginx in front of several app instances, PgBouncer (transaction pooling) between them and
// PostgreSQL, and a direct connection for what a transaction pooler cannot carry (LISTEN, the
// migration lock). Debian's own packages (`apt-get install nginx pgbouncer`), each started by this
// module with its own configuration files in a temporary directory and its own ports: never the
// system services. The files written here are the ones docs/ops/ describes for production
// (docs/ops/nginx.conf, docs/ops/pgbouncer.ini), with loopback ports and paths.
import { spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import pg from "pg";
import { freePort, readMemory, sleep, startChild, tail } from "./processes.js";

const SBIN = ["/usr/sbin", "/usr/local/sbin", "/sbin"];

/** Absolute path of an executable on PATH or in the sbin directories (nginx and pgbouncer live there). */
function findBinary(/** @type {string} */ name) {
  for (const dir of [...(process.env.PATH ?? "").split(delimiter), ...SBIN]) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** Null when nginx and pgbouncer are installed; otherwise what is missing and how to get it. */
export function topologyProblem() {
  const missing = ["nginx", "pgbouncer"].filter((name) => !findBinary(name));
  return missing.length
    ? `${missing.join(" and ")} not installed (Debian: apt-get install -y nginx pgbouncer; .ci/run does it)`
    : null;
}

/** Versions of the two binaries, for reports. */
export function topologyVersions() {
  const version = (/** @type {string} */ name, /** @type {string[]} */ args) => {
    const binary = findBinary(name);
    if (!binary) return null;
    const out = spawnSync(binary, args, { encoding: "utf8" });
    return `${out.stdout ?? ""}${out.stderr ?? ""}`.split("\n")[0].trim();
  };
  return { nginx: version("nginx", ["-v"]), pgbouncer: version("pgbouncer", ["--version"]) };
}

/**
 * pgbouncer.ini for transaction pooling in front of one PostgreSQL server. `*` forwards any
 * database name to the same name on the server (the test and the bench create fresh databases).
 * @param {{ dir: string, port: number, server: { host: string, port: number }, poolSize?: number, maxClients?: number, user?: string }} o
 */
function pgbouncerIni(o) {
  return `;; PgBouncer for Dauys (written by bench/lib/topology.js; production sample: docs/ops/pgbouncer.ini)
[databases]
* = host=${o.server.host} port=${o.server.port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = ${o.port}
unix_socket_dir =
auth_type = trust
auth_file = ${join(o.dir, "userlist.txt")}
pool_mode = transaction
default_pool_size = ${o.poolSize ?? 20}
min_pool_size = 0
reserve_pool_size = 5
max_client_conn = ${o.maxClients ?? 2000}
server_check_delay = 10
query_wait_timeout = 30
logfile = ${join(o.dir, "pgbouncer.log")}
pidfile = ${join(o.dir, "pgbouncer.pid")}
admin_users = ${o.user ?? "postgres"}
log_connections = 0
log_disconnections = 0
stats_period = 600
`;
}

/**
 * nginx.conf: `upstreams` (ports of the app instances on 127.0.0.1) behind one listener.
 * @param {{ dir: string, port: number, upstreams: number[], workerProcesses?: number, workerConnections?: number }} o
 */
function nginxConf(o) {
  const d = o.dir;
  return `# nginx for Dauys (written by bench/lib/topology.js; production sample: docs/ops/nginx.conf)
worker_processes ${o.workerProcesses ?? 1};
worker_rlimit_nofile ${2 * (o.workerConnections ?? 8192) + 64};
pid ${join(d, "nginx.pid")};
error_log ${join(d, "error.log")} warn;

events {
    worker_connections ${o.workerConnections ?? 8192};
}

http {
    # No client addresses and no paths (confirmation links carry tokens) in the log; the request id
    # is passed to the app, whose own log has the redacted path.
    log_format dauys '$time_iso8601 $request_method $status up=$upstream_addr ups=$upstream_status '
                     't=$request_time cache=$upstream_cache_status id=$request_id';
    access_log ${join(d, "access.log")} dauys;

    client_body_temp_path ${join(d, "tmp", "body")};
    proxy_temp_path ${join(d, "tmp", "proxy")};
    fastcgi_temp_path ${join(d, "tmp", "fastcgi")};
    uwsgi_temp_path ${join(d, "tmp", "uwsgi")};
    scgi_temp_path ${join(d, "tmp", "scgi")};
    proxy_cache_path ${join(d, "cache")} levels=1:2 keys_zone=dauys_static:10m max_size=256m inactive=7d use_temp_path=off;

    server_tokens off;
    sendfile on;
    tcp_nodelay on;
    keepalive_timeout 65s;
    keepalive_requests 100000;

    upstream dauys {
        least_conn;
${o.upstreams.map((port) => `        server 127.0.0.1:${port} max_fails=1 fail_timeout=2s;`).join("\n")}
        keepalive 64;
        keepalive_requests 100000;
    }

    server {
        listen 127.0.0.1:${o.port} backlog=4096;

        client_max_body_size 64k;   # forms are small; paper scans have their own location below

        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Request-Id $request_id;
        proxy_connect_timeout 2s;
        # A dead or refusing instance: GET/HEAD go to the next one. A POST is passed on only if it
        # never reached the instance (connection refused); one in flight on a killed instance gets 502.
        proxy_next_upstream error timeout http_502 http_503;
        proxy_next_upstream_tries 3;
        proxy_next_upstream_timeout 10s;

        # Live counts (server-sent events): event by event, no buffering, long reads. The app also
        # sends X-Accel-Buffering: no on these responses.
        location ~ ^/api/v1/petitions/[^/]+/events$ {
            proxy_buffering off;
            proxy_cache off;
            proxy_read_timeout 1h;
            proxy_pass http://dauys;
        }

        # Pressing "confirm" twice is harmless (the second press finds it confirmed), so a press in
        # flight on an instance that died is passed to the next one too.
        location ~ ^/(kk|ru)/confirm/[A-Za-z0-9_-]+$ {
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_pass http://dauys;
        }

        # Paper batch scans (PDF/JPEG/PNG up to 10 MB).
        location ~ ^/(kk|ru)/workspace/publications/[^/]+/paper$ {
            client_max_body_size 11m;
            proxy_pass http://dauys;
        }

        # Fingerprinted build assets (the app says: a year, immutable) and the few public files
        # (an hour): kept by nginx, served even while every instance is down.
        location ^~ /build/ {
            proxy_cache dauys_static;
            proxy_cache_use_stale error timeout updating http_502 http_503;
            proxy_cache_lock on;
            add_header X-Cache-Status $upstream_cache_status always;
            proxy_pass http://dauys;
        }
        location ~ ^/(page\\.js|embed\\.js|embed\\.css|favicon\\.ico)$ {
            proxy_cache dauys_static;
            proxy_cache_use_stale error timeout updating http_502 http_503;
            proxy_cache_lock on;
            add_header X-Cache-Status $upstream_cache_status always;
            proxy_pass http://dauys;
        }

        location = /metrics {
            deny all;
        }

        location / {
            proxy_pass http://dauys;
        }
    }
}
`;
}

/** uid/gid of a system user from /etc/passwd, or null. */
function systemUser(/** @type {string} */ name) {
  try {
    const line = readFileSync("/etc/passwd", "utf8")
      .split("\n")
      .find((entry) => entry.startsWith(`${name}:`));
    if (!line) return null;
    const [, , uid, gid] = line.split(":");
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/** Resolves once something accepts TCP connections on 127.0.0.1:port. */
async function waitForPort(
  /** @type {number} */ port,
  /** @type {number} */ timeoutMs,
  /** @type {() => string | null} */ failed,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const problem = failed();
    if (problem) throw new Error(problem);
    const open = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on 127.0.0.1:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

/**
 * Starts an external daemon in the foreground; output to `log`.
 * @param {{ name: string, binary: string, args: string[], log: string }} o
 */
function startDaemon(o) {
  const fd = openSync(o.log, "a");
  const child = spawn(o.binary, o.args, { stdio: ["ignore", fd, fd] });
  closeSync(fd);
  /** @type {number | null | undefined} */
  let exitCode;
  const exited = new Promise((resolve) =>
    child.once("exit", (code, signal) => resolve((exitCode = code ?? (signal ? 128 : null)))),
  );
  return {
    child,
    pid: /** @type {number} */ (child.pid),
    exited,
    failed: () => (exitCode !== undefined ? `${o.name} exited with ${exitCode}:\n${tail(o.log)}` : null),
    /** SIGTERM (both stop at once on it), SIGKILL after 5 s. */
    async stop() {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * PgBouncer in transaction mode in front of the server of `directUrl`.
 * @param {{ dir: string, directUrl: string, poolSize?: number }} o
 */
async function startPgbouncer(o) {
  const binary = findBinary("pgbouncer");
  if (!binary) throw new Error(topologyProblem() ?? "pgbouncer missing");
  const direct = new URL(o.directUrl);
  const dir = join(o.dir, "pgbouncer");
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  writeFileSync(
    join(dir, "pgbouncer.ini"),
    pgbouncerIni({
      dir,
      port,
      server: { host: direct.hostname || "127.0.0.1", port: Number(direct.port || 5432) },
      poolSize: o.poolSize,
      user: decodeURIComponent(direct.username || "postgres"),
    }),
  );
  // auth_type trust still wants every user listed.
  writeFileSync(join(dir, "userlist.txt"), `"${decodeURIComponent(direct.username || "postgres")}" ""\n`);
  // PgBouncer refuses to run as root: as root it is told to switch to an unprivileged user.
  const args = [];
  if (process.getuid?.() === 0) {
    const user = systemUser("postgres") ?? systemUser("nobody");
    if (!user) throw new Error("running as root and no 'postgres' or 'nobody' user for pgbouncer -u");
    for (const path of [dir, join(dir, "pgbouncer.ini"), join(dir, "userlist.txt")])
      chownSync(path, user.uid, user.gid);
    // …which must be able to reach its directory (mkdtemp makes private folders).
    for (let up = dirname(dir); up !== dirname(up) && up.startsWith(tmpdir()); up = dirname(up)) {
      const mode = statSync(up).mode;
      if ((mode & 0o001) === 0) chmodSync(up, (mode & 0o777) | 0o011);
    }
    args.push("-u", user.name);
  }
  args.push(join(dir, "pgbouncer.ini"));
  const daemon = startDaemon({ name: "pgbouncer", binary, args, log: join(dir, "stdout.log") });
  await waitForPort(port, 10_000, daemon.failed);
  const url = (/** @type {string} */ database) => {
    const pooled = new URL(o.directUrl);
    pooled.hostname = "127.0.0.1";
    pooled.port = String(port);
    pooled.pathname = `/${database}`;
    return pooled.toString();
  };
  // Ready when a query goes through (the server connection is made on first use).
  const probe = new pg.Client({ connectionString: url(direct.pathname.slice(1) || "postgres") });
  await probe.connect();
  await probe.query("SELECT 1");
  await probe.end();
  return { port, pid: daemon.pid, dir, log: join(dir, "pgbouncer.log"), url, stop: daemon.stop, exited: daemon.exited };
}

/**
 * nginx in front of `upstreams` (app ports on 127.0.0.1), with its own prefix and configuration.
 * @param {{ dir: string, upstreams: number[], workerProcesses?: number, port?: number }} o
 */
async function startNginx(o) {
  const binary = findBinary("nginx");
  if (!binary) throw new Error(topologyProblem() ?? "nginx missing");
  const dir = join(o.dir, "nginx");
  mkdirSync(join(dir, "tmp"), { recursive: true });
  mkdirSync(join(dir, "cache"), { recursive: true });
  const port = o.port ?? (await freePort());
  const conf = join(dir, "nginx.conf");
  writeFileSync(conf, nginxConf({ dir, port, upstreams: o.upstreams, workerProcesses: o.workerProcesses }));
  // -e: Debian's nginx would otherwise open /var/log/nginx/error.log before reading the config.
  const args = ["-p", dir, "-c", conf, "-e", join(dir, "error.log"), "-g", "daemon off;"];
  const test = spawnSync(binary, [...args.slice(0, 6), "-t"], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx -t failed:\n${test.stderr}`);
  const daemon = startDaemon({ name: "nginx", binary, args, log: join(dir, "stdout.log") });
  await waitForPort(port, 10_000, daemon.failed);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    pid: daemon.pid,
    dir,
    accessLog: join(dir, "access.log"),
    errorLog: join(dir, "error.log"),
    /** The master and its workers (for CPU and memory figures). */
    pids: () => [daemon.pid, ...childPids(daemon.pid)],
    stop: daemon.stop,
    exited: daemon.exited,
  };
}

/** Direct children of a process (from /proc). */
function childPids(/** @type {number} */ parent) {
  /** @type {number[]} */
  const found = [];
  let entries = [];
  try {
    entries = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return found;
  }
  for (const name of entries) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === parent) found.push(Number(name));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * @typedef {{ index: number, port: number, url: string, log: string, child: import("./processes.js").Child | null,
 *   start(): Promise<void>, kill(signal?: NodeJS.Signals): Promise<void>, stop(): Promise<void> }} Instance
 */

/**
 * The whole topology: PgBouncer, `instances` app instances (`node server.js` from the build in
 * `root`) with DATABASE_URL through PgBouncer and DATABASE_DIRECT_URL straight to the server, and
 * nginx in front. `env` is the instances' environment (SMTP_URL, SESSION_SECRET, DATA_DIR,
 * NODE_ENV …); PORT, PUBLIC_URL (nginx's address), DATABASE_URL and DATABASE_DIRECT_URL are set here.
 * @param {{ root: string, dir: string, directUrl: string, env: Record<string, string>, instances?: number,
 *   pgbouncer?: boolean, poolSize?: number, nginxWorkers?: number, instanceArgs?: (index: number) => string[] }} o
 */
export async function startTopology(o) {
  const problem = topologyProblem();
  if (problem) throw new Error(problem);
  mkdirSync(o.dir, { recursive: true });
  /** @type {Array<() => Promise<unknown>>} */
  const undo = [];
  const stopAll = async () => {
    while (undo.length) await /** @type {() => Promise<unknown>} */ (undo.pop())().catch(() => {});
  };
  try {
    const database = new URL(o.directUrl).pathname.slice(1);
    const bouncer =
      o.pgbouncer === false ? null : await startPgbouncer({ dir: o.dir, directUrl: o.directUrl, poolSize: o.poolSize });
    if (bouncer) undo.push(bouncer.stop);
    const databaseUrl = bouncer ? bouncer.url(database) : o.directUrl;
    const count = o.instances ?? 3;
    const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
    const nginxPort = await freePort();
    const publicUrl = `http://127.0.0.1:${nginxPort}`;
    /** @type {Instance[]} */
    const instances = ports.map((port, index) => {
      /** @type {Instance} */
      const instance = {
        index,
        port,
        url: `http://127.0.0.1:${port}`,
        log: join(o.dir, `app-${index + 1}.log`),
        child: null,
        async start() {
          instance.child = await startChild({
            name: `app ${index + 1}`,
            args: [...(o.instanceArgs?.(index) ?? []), "server.js"],
            cwd: o.root,
            port,
            log: instance.log,
            env: {
              ...o.env,
              PORT: String(port),
              PUBLIC_URL: publicUrl,
              DATABASE_URL: databaseUrl,
              DATABASE_DIRECT_URL: o.directUrl,
            },
          });
        },
        /** Sends `signal` (SIGKILL: a crash) and waits until the process is gone. */
        async kill(signal = "SIGKILL") {
          const child = instance.child;
          if (!child) return;
          process.kill(child.pid, signal);
          await child.exited;
          instance.child = null;
        },
        async stop() {
          await instance.child?.stop(30_000);
          instance.child = null;
        },
      };
      return instance;
    });
    // All at once, as a deploy starts them: the migration lock makes them take turns.
    undo.push(() => Promise.all(instances.map((instance) => instance.stop())));
    await Promise.all(instances.map((instance) => instance.start()));
    const nginx = await startNginx({ dir: o.dir, upstreams: ports, workerProcesses: o.nginxWorkers, port: nginxPort });
    undo.push(nginx.stop);
    return {
      url: nginx.url,
      publicUrl,
      databaseUrl,
      directUrl: o.directUrl,
      nginx,
      pgbouncer: bouncer,
      instances,
      /** Every process of the topology now (instances, nginx master and workers, PgBouncer). */
      pids: () => [
        ...instances.flatMap((instance) => (instance.child ? [instance.child.pid] : [])),
        ...nginx.pids(),
        ...(bouncer ? [bouncer.pid] : []),
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** @typedef {Awaited<ReturnType<typeof startTopology>>} Topology */

/**
 * The topology as one measured "app" for bench/run.js: its address is nginx's, its CPU and memory
 * the sum of every process (instances, nginx master and workers, PgBouncer), its log the instances'.
 * @param {Topology} topology
 * @returns {import("./processes.js").Child}
 */
export function topologyAsChild(topology) {
  const first = topology.instances[0];
  return {
    name: `topology (${topology.instances.length} instances behind nginx${topology.pgbouncer ? ", PgBouncer" : ""})`,
    get pid() {
      return first.child?.pid ?? 0;
    },
    url: topology.url,
    log: first.log,
    logs: () => topology.instances.map((instance) => instance.log),
    pids: () => topology.pids(),
    exited: new Promise(() => {}),
    memory() {
      let rssKb = 0;
      let hwmKb = 0;
      for (const pid of topology.pids()) {
        const memory = readMemory(pid);
        rssKb += memory?.rssKb ?? 0;
        hwmKb += memory?.hwmKb ?? 0;
      }
      return { rssKb, hwmKb };
    },
    async stop() {
      const started = Date.now();
      await topology.stop();
      return { ms: Date.now() - started, killed: false, code: 0 };
    },
  };
}
