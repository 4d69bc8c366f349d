// Live count updates for open pages (server-sent events). A confirmation announces "counts of
// petition X changed"; every app instance hears it — through PostgreSQL LISTEN/NOTIFY when
// several instances share a PostgreSQL database, in-process on SQLite (one instance per file) —
// and reads the counters once per burst for all of its open streams.
import pg from "pg";
import { config } from "~/config.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { COUNTS_CHANNEL as CHANNEL, countChanges as changes } from "~/models/count-changes.server.ts";
import { getCounts, type Counts } from "~/models/counts.server.ts";

const COALESCE_MS = 150;

let listener: pg.Client | undefined;
let reconnectTimer: NodeJS.Timeout | undefined;
let stopping = false;

export async function startLiveUpdates() {
  stopping = false;
  if (config().database !== "postgres") return;
  await connectListener();
}

async function connectListener() {
  // LISTEN holds a session: on the direct connection, never through a transaction pooler.
  const client = new pg.Client({ connectionString: config().databaseDirectUrl });
  client.on("notification", (message) => {
    if (message.channel === CHANNEL && message.payload) changes.emit("change", message.payload);
  });
  client.on("error", (error) => {
    log.warn("live.listener_error", errorFields(error));
    scheduleReconnect(client);
  });
  client.on("end", () => scheduleReconnect(client));
  try {
    await client.connect();
    await client.query(`LISTEN ${CHANNEL}`);
    listener = client;
  } catch (error) {
    log.warn("live.listen_failed", errorFields(error));
    scheduleReconnect(client);
  }
}

function scheduleReconnect(client: pg.Client) {
  if (stopping || reconnectTimer || (listener && listener !== client)) return;
  listener = undefined;
  client.end().catch(() => {});
  reconnectTimer = setTimeout(() => {
    reconnectTimer = undefined;
    void connectListener();
  }, 1_000);
}

/** Open streams register here so a shutting-down server can end them. */
export function onShutdown(callback: () => void) {
  changes.on("shutdown", callback);
  return () => void changes.off("shutdown", callback);
}

export async function stopLiveUpdates() {
  stopping = true;
  changes.emit("shutdown");
  clearTimeout(reconnectTimer);
  await listener?.end().catch(() => {});
  listener = undefined;
}

/** Any instance-local consumer of "counts of petition X changed" (e.g. the read cache). */
export function onCountChange(callback: (publicationId: string) => void) {
  changes.on("change", callback);
  return () => void changes.off("change", callback);
}

type Watcher = (counts: Counts) => void;
const watchers = new Map<string, { callbacks: Set<Watcher>; timer?: NodeJS.Timeout }>();

changes.on("change", (publicationId: string) => {
  const entry = watchers.get(publicationId);
  if (!entry || entry.timer) return;
  entry.timer = setTimeout(async () => {
    entry.timer = undefined;
    try {
      const counts = await getCounts(publicationId);
      for (const callback of entry.callbacks) callback(counts);
    } catch (error) {
      log.warn("live.read_failed", errorFields(error));
    }
  }, COALESCE_MS);
});

/** Calls back with fresh counts after every change; returns the function that stops watching. */
export function watchCounts(publicationId: string, callback: Watcher) {
  let entry = watchers.get(publicationId);
  if (!entry) {
    entry = { callbacks: new Set() };
    watchers.set(publicationId, entry);
  }
  entry.callbacks.add(callback);
  return () => {
    entry.callbacks.delete(callback);
    if (entry.callbacks.size === 0) {
      clearTimeout(entry.timer);
      watchers.delete(publicationId);
    }
  };
}

const streamsByClient = new Map<string, number>();

/**
 * A place for one more live stream of this client (IP address), or null when it already holds
 * LIVE_STREAMS_PER_IP: one client cannot keep hundreds of connections open. Call the returned
 * function once when the stream ends.
 */
export function claimStreamSlot(clientIp: string): (() => void) | null {
  const open = streamsByClient.get(clientIp) ?? 0;
  if (open >= config().liveStreamsPerIp) return null;
  streamsByClient.set(clientIp, open + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (streamsByClient.get(clientIp) ?? 1) - 1;
    if (left > 0) streamsByClient.set(clientIp, left);
    else streamsByClient.delete(clientIp);
  };
}

export function openStreamCount() {
  let total = 0;
  for (const entry of watchers.values()) total += entry.callbacks.size;
  return total;
}
