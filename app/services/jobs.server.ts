// Scheduled jobs. Every instance runs the scheduler; a lease row per job makes each run happen
// once across instances. Jobs can also be run on demand (scripts/job.js).
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";
import { db, isUniqueViolation } from "~/db.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { anonymizeExpiredPetitions } from "~/services/retention.server.ts";
import { recountAll } from "~/services/recount.server.ts";
import { pruneRateLimits } from "~/services/rate-limit.server.ts";
import { closeExpired } from "~/models/lifecycle.server.ts";
import { resumeSendingUpdates } from "~/services/updates.server.ts";
import { resumeResponseAnnouncements } from "~/services/official-response.server.ts";
import { sequenceLog, sequencerHasWork } from "~/models/log.server.ts";

const HOUR = 3_600_000;
const LEASE_MS = 15 * 60_000;

const jobs = {
  recount: { everyMs: HOUR, run: () => recountAll() },
  retention: { everyMs: HOUR, run: () => anonymizeExpiredPetitions() },
  "forget-ip-hashes": { everyMs: HOUR, run: () => forgetIpHashes() },
  "outbox-cleanup": { everyMs: HOUR, run: () => cleanOutbox() },
  "rate-limit-prune": { everyMs: HOUR, run: () => pruneRateLimits() },
  "close-expired": { everyMs: 60_000, run: () => closeExpired() },
  // Updates to signers left half-queued by a crash: finished at the next scheduler round.
  "signer-updates": {
    everyMs: 30_000,
    run: async () => ({ ...(await resumeSendingUpdates()), ...(await resumeResponseAnnouncements()) }),
  },
  // The log's sequencer (decision 035): on its own loop, every LOG_SEQUENCE_EVERY; a short lease
  // so that another instance takes over soon after this one dies.
  "log-sequencer": {
    get everyMs() {
      return config().logSequenceEveryMs;
    },
    leaseMs: 30_000,
    quiet: true,
    run: () => sequenceLog(),
  },
} satisfies Record<string, { everyMs: number; leaseMs?: number; quiet?: boolean; run: () => Promise<unknown> }>;
export type JobName = keyof typeof jobs;

/** IP hashes serve the abuse rules for a while, then go. */
async function forgetIpHashes(now = Date.now()) {
  const { count } = await db().signature.updateMany({
    where: { ipHash: { not: null }, createdAt: { lt: new Date(now - config().ipHashRetentionMs) } },
    data: { ipHash: null },
  });
  return { forgotten: count };
}

/** Sent mail holds addresses and names: keep it only briefly. */
async function cleanOutbox(now = Date.now()) {
  const sent = await db().outboxMessage.deleteMany({
    where: { status: "sent", sentAt: { lt: new Date(now - config().outboxRetentionMs) } },
  });
  const failed = await db().outboxMessage.deleteMany({
    where: { status: "failed", createdAt: { lt: new Date(now - 30 * 86_400_000) } },
  });
  return { deleted: sent.count + failed.count };
}

/** Runs a job now if no other instance holds it. Returns its result, or null if it was busy. */
export async function runJob(name: JobName, options: { force?: boolean } = {}) {
  const now = new Date();
  const due = options.force
    ? {}
    : { OR: [{ lastRunAt: null }, { lastRunAt: { lt: new Date(now.getTime() - jobs[name].everyMs) } }] };
  await db()
    .jobLease.create({ data: { name, lockedUntil: new Date(0) } })
    .catch((error) => (isUniqueViolation(error) ? null : Promise.reject(error)));
  const job = jobs[name] as { leaseMs?: number; quiet?: boolean };
  const claimed = await db().jobLease.updateMany({
    where: { name, lockedUntil: { lt: now }, ...due },
    data: { lockedUntil: new Date(now.getTime() + (job.leaseMs ?? LEASE_MS)) },
  });
  if (claimed.count !== 1) return null;
  const runId = randomUUID();
  try {
    const result = await jobs[name].run();
    log[job.quiet ? "debug" : "info"]("job.done", { job: name, runId, result });
    return result;
  } catch (error) {
    log.error("job.failed", { job: name, runId, ...errorFields(error) });
    throw error;
  } finally {
    await db().jobLease.update({ where: { name }, data: { lockedUntil: new Date(), lastRunAt: new Date() } });
  }
}

let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | undefined;
let sequencerTimer: NodeJS.Timeout | undefined;
let sequencing: Promise<unknown> | undefined;
let stopped = false;

export function startScheduler(intervalMs = 60_000) {
  stopped = false;
  const tick = async () => {
    for (const name of Object.keys(jobs) as JobName[]) {
      if (name === "log-sequencer") continue;
      running = runJob(name).catch(() => undefined);
      await running;
    }
    running = undefined;
    if (!stopped) timer = setTimeout(tick, intervalMs);
  };
  // Not at once: let start-up finish and the first requests through.
  timer = setTimeout(tick, Math.min(intervalMs, 10_000));
  // The sequencer only takes its lease when there is something to integrate or publish.
  const sequence = async () => {
    sequencing = sequencerHasWork()
      .then((work) => (work ? runJob("log-sequencer") : null))
      .catch(() => undefined);
    await sequencing;
    sequencing = undefined;
    if (!stopped) sequencerTimer = setTimeout(sequence, config().logSequenceEveryMs);
  };
  sequencerTimer = setTimeout(sequence, Math.min(config().logSequenceEveryMs, 1_000));
}

export async function stopScheduler() {
  stopped = true;
  clearTimeout(timer);
  clearTimeout(sequencerTimer);
  await running;
  await sequencing;
}
