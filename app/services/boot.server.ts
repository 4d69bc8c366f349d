// Start-up and shutdown of one app instance: configuration, migrations, database, demo content,
// background work, then the HTTP server. server.js calls boot() with the Remix build.
import type { ServerBuild } from "@remix-run/node";
import { createServer, type Server } from "node:http";
import { serveFromReadCache } from "~/services/read-cache.server.ts";
import { config, loadConfig, setConfig } from "~/config.server.ts";
import { closeDatabase, isUniqueViolation, openDatabase } from "~/db.server.ts";
import { IdleRelease, releaseMemory } from "~/lib/idle-memory.server.ts";
import { errorFields, log, setLogLevel } from "~/lib/log.server.ts";
import { seedDemoIfEmpty } from "~/services/demo-seed.server.ts";
import { createHttpApp } from "~/services/http.server.ts";
import { startLiveUpdates, stopLiveUpdates } from "~/services/live.server.ts";
import { startOutboxWorker, stopOutboxWorker } from "~/services/mail/outbox.server.ts";
import { migrate } from "~/services/migrate.server.ts";
import { startMetricsServer, stopMetricsServer } from "~/services/metrics.server.ts";
import { runJob, startScheduler, stopScheduler, type JobName } from "~/services/jobs.server.ts";
import { upgradeLedger } from "~/services/recount.server.ts";

export type Running = { url: string; port: number; close(): Promise<void> };

export async function boot(options: {
  build: ServerBuild;
  env?: Record<string, string | undefined>;
  handleSignals?: boolean;
}): Promise<Running> {
  setConfig(loadConfig(options.env ?? process.env));
  const cfg = config();
  setLogLevel(cfg.logLevel);
  // The migration lock is a session-level advisory lock: on the direct connection.
  const applied = await migrate(cfg.databaseDirectUrl);
  if (applied.length) log.info("db.migrated", { database: cfg.database, applied });
  await openDatabase(cfg.databaseUrl);
  if (cfg.seedDemo) await seedDemoIfEmpty();
  await upgradeLedger().catch((error: unknown) => {
    // Another instance starting at the same moment did it.
    if (!isUniqueViolation(error)) throw error;
  });
  startOutboxWorker();
  await startLiveUpdates();
  startScheduler();
  await startMetricsServer();

  const app = createHttpApp(options.build);
  // Count reads answered from memory come first, before Express: a crowd of readers costs little.
  // Memory grown under a burst is given back once requests stop (decision 053).
  const idle = cfg.memoryReleaseIdleMs > 0 ? releaseWhenIdle(cfg.memoryReleaseIdleMs) : null;
  const server: Server = createServer((req, res) => {
    idle?.touch();
    if (!serveFromReadCache(req, res)) app(req, res);
  });
  await new Promise<void>((resolve, reject) => server.listen(cfg.port, "0.0.0.0", resolve).on("error", reject));
  // Longer than the idle timeout of common clients and proxies, so they close idle sockets first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : cfg.port;
  const url = `http://localhost:${port}`;
  log.info("server.started", { url, database: cfg.database, mail: cfg.smtpUrl ? "smtp" : "dev-outbox" });

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // Stop taking requests, let in-flight ones finish, end open streams, then background work.
      idle?.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 5_000).unref();
      });
      await stopLiveUpdates();
      await stopScheduler();
      await stopMetricsServer();
      await stopOutboxWorker();
      await closeDatabase();
      log.info("server.stopped");
    })());

  if (options.handleSignals) {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        log.info("server.stopping", { signal });
        close().then(
          () => process.exit(0),
          (error) => {
            log.error("server.stop_failed", errorFields(error));
            process.exit(1);
          },
        );
      });
    }
  }
  return { url, port, close };
}

function releaseWhenIdle(quietMs: number) {
  return new IdleRelease({
    quietMs,
    release: () => {
      const before = process.memoryUsage();
      const started = performance.now();
      if (!releaseMemory()) return;
      const after = process.memoryUsage();
      const mb = (bytes: number) => Math.round(bytes / 1_048_576);
      log.info("memory.released", {
        ms: Math.round(performance.now() - started),
        rssMb: [mb(before.rss), mb(after.rss)],
        heapMb: [mb(before.heapTotal), mb(after.heapTotal)],
      });
    },
  }).start();
}

/** For command-line tools: configuration, migrations and the database around one task. */
export async function withDatabase<T>(
  task: () => Promise<T>,
  env: Record<string, string | undefined> = process.env,
): Promise<T> {
  setConfig(loadConfig(env));
  setLogLevel(config().logLevel);
  await migrate(config().databaseDirectUrl);
  await openDatabase(config().databaseUrl);
  try {
    return await task();
  } finally {
    await closeDatabase();
  }
}

/** `node scripts/job.js <name>`: one scheduled job, now, against the configured database. */
export function runJobOnce(name: string) {
  return withDatabase(() => runJob(name as JobName, { force: true }));
}

export { runJob } from "~/services/jobs.server.ts";
