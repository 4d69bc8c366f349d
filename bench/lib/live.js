// Live-update latency: many server-sent-event streams open on one petition, confirmations made
// one at a time, and for each confirmation the time until every stream has seen the new count.
import http from "node:http";
import { performance } from "node:perf_hooks";
import { percentile, round2 } from "./load.js";
import { sleep } from "./processes.js";

/**
 * @typedef {{ confirmed: number, reachedAt: Float64Array, ended: boolean, error?: string, req: http.ClientRequest }} Stream
 */

/**
 * Opens `count` event streams (in batches, so the listen backlog is not flooded).
 * @param {string} url
 * @param {number} count
 * @param {number} targets how many confirmations will be timed
 * @param {() => number | undefined} baseOf the count the timed confirmations start from (known after opening)
 */
async function openStreams(url, count, targets, baseOf) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  /** @type {Stream[]} */
  const streams = [];
  const open = () =>
    new Promise((resolve) => {
      const stream = /** @type {Stream} */ ({
        confirmed: -1,
        reachedAt: new Float64Array(targets).fill(NaN),
        ended: false,
      });
      streams.push(stream);
      stream.req = http.get(url, { agent, headers: { Accept: "text/event-stream" } }, (res) => {
        if (res.statusCode !== 200) {
          stream.error = `HTTP ${res.statusCode}`;
          res.resume();
          return resolve(undefined);
        }
        res.setEncoding("utf8");
        let buffer = "";
        res.on("data", (/** @type {string} */ chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            if (!block.startsWith("event: counts")) continue;
            const data = block.split("\n").find((line) => line.startsWith("data: "));
            if (!data) continue;
            const value = Number(JSON.parse(data.slice(6)).confirmed);
            const now = performance.now();
            const base = baseOf();
            if (base !== undefined) {
              for (let index = Math.max(0, stream.confirmed - base); index < Math.min(targets, value - base); index++) {
                if (Number.isNaN(stream.reachedAt[index])) stream.reachedAt[index] = now;
              }
            }
            stream.confirmed = Math.max(stream.confirmed, value);
            resolve(undefined);
          }
        });
        res.on("end", () => (stream.ended = true));
        res.on("error", (error) => (stream.error ??= error.message));
      });
      stream.req.on("error", (error) => {
        stream.error ??= error.message;
        resolve(undefined);
      });
    });
  for (let index = 0; index < count; index += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - index) }, open));
  }
  return { streams, agent };
}

/**
 * @param {{ baseUrl: string, slug: string, streams: number, links: string[], spacingMs: number, timeoutMs?: number }} options
 */
export async function measureLive(options) {
  const opened = performance.now();
  /** @type {number | undefined} */
  let base;
  const targets = options.links.length;
  const { streams, agent } = await openStreams(
    `${options.baseUrl}/api/v1/petitions/${options.slug}/events`,
    options.streams,
    targets,
    () => base,
  );
  const openSeconds = round2((performance.now() - opened) / 1000);
  const failed = streams.filter((stream) => stream.error || stream.confirmed < 0);
  const live = streams.filter((stream) => !stream.error && stream.confirmed >= 0);
  base = Math.max(...live.map((stream) => stream.confirmed));
  const notAtBase = live.filter((stream) => stream.confirmed !== base).length;

  /** @type {number[]} */
  const sentAt = [];
  /** @type {number[]} */
  const confirmMs = [];
  const confirmStatuses = /** @type {Record<string, number>} */ ({});
  const requests = [];
  for (const link of options.links) {
    const started = performance.now();
    sentAt.push(started);
    requests.push(
      fetch(options.baseUrl + link, { method: "POST", redirect: "manual" })
        .then(async (response) => {
          await response.arrayBuffer();
          confirmStatuses[response.status] = (confirmStatuses[response.status] ?? 0) + 1;
          confirmMs.push(performance.now() - started);
        })
        .catch((error) => (confirmStatuses[error.message] = (confirmStatuses[error.message] ?? 0) + 1)),
    );
    await sleep(options.spacingMs);
  }
  await Promise.all(requests);
  const deadline = performance.now() + (options.timeoutMs ?? 10_000);
  while (
    performance.now() < deadline &&
    live.some((stream) => Number.isNaN(stream.reachedAt[targets - 1]) && !stream.ended)
  )
    await sleep(20);

  /** @type {number[]} */
  const perStream = [];
  /** @type {number[]} */
  const everyStream = [];
  let missed = 0;
  for (let index = 0; index < targets; index++) {
    let slowest = 0;
    for (const stream of live) {
      const at = stream.reachedAt[index];
      if (Number.isNaN(at)) {
        missed++;
        continue;
      }
      const latency = at - sentAt[index];
      perStream.push(latency);
      slowest = Math.max(slowest, latency);
    }
    everyStream.push(slowest);
  }
  for (const stream of streams) stream.req.destroy();
  agent.destroy();
  perStream.sort((a, b) => a - b);
  everyStream.sort((a, b) => a - b);
  return {
    streamsRequested: options.streams,
    streamsOpen: live.length,
    streamsFailed: failed.length,
    streamErrors: [...new Set(failed.map((stream) => stream.error ?? "no initial event"))].slice(0, 5),
    notAtBase,
    openSeconds,
    confirmations: targets,
    confirmStatuses,
    confirmRequestP50: percentile(
      confirmMs.sort((a, b) => a - b),
      50,
    ),
    deliveries: perStream.length,
    missedDeliveries: missed,
    p50: percentile(perStream, 50),
    p99: percentile(perStream, 99),
    max: round2(perStream.at(-1) ?? 0),
    allStreamsP50: percentile(everyStream, 50),
    allStreamsMax: round2(everyStream.at(-1) ?? 0),
  };
}
