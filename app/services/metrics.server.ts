// Prometheus metrics. Served on a separate internal port (METRICS_PORT, bound to 127.0.0.1) or,
// failing that, at /metrics with a bearer token (METRICS_TOKEN); otherwise not at all.
import { timingSafeEqual } from "node:crypto";
import { createServer, type Server } from "node:http";
import client from "prom-client";
import { config } from "~/config.server.ts";
import { db } from "~/db.server.ts";
import { openStreamCount } from "~/services/live.server.ts";

export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry, prefix: "dauys_" });

export const httpRequests = new client.Counter({
  name: "dauys_http_requests_total",
  help: "HTTP requests by method and status class",
  labelNames: ["method", "status"],
  registers: [registry],
});
export const httpDuration = new client.Histogram({
  name: "dauys_http_request_duration_seconds",
  help: "HTTP request duration",
  labelNames: ["method"],
  buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});
// Counted in a plain number and handed to the metric when it is scraped: these hits cost ~20 µs
// each, and a labelled metric update per hit would be a noticeable share of that.
let readCacheHitsPending = 0;
export const countReadCacheHit = () => void readCacheHitsPending++;
new client.Counter({
  name: "dauys_read_cache_hits_total",
  help: "Count reads answered from memory (not in the request metrics)",
  registers: [registry],
  collect() {
    this.inc(readCacheHitsPending);
    readCacheHitsPending = 0;
  },
});
export const pageCacheAnswers = new client.Counter({
  name: "dauys_page_cache_total",
  help: "Petition page requests by answer: hit (from memory), stale (previous page while another request renders), render",
  labelNames: ["result"],
  registers: [registry],
});
export const latinAnswers = new client.Counter({
  name: "dauys_latin_pages_total",
  help: "Latin (/kk-latn/) HTML and Atom answers: transliterated now, or kept (already Latin, from the page cache)",
  labelNames: ["answer"],
  registers: [registry],
});
export const signatureBatchSize = new client.Histogram({
  name: "dauys_signature_batch_size",
  help: "New signatures stored per transaction (group commit)",
  buckets: [1, 2, 5, 10, 20, 50, 100],
  registers: [registry],
});
export const signatureBatchRetries = new client.Counter({
  name: "dauys_signature_batch_retries_total",
  help: "Batches of new signatures retried row by row after a row was refused",
  registers: [registry],
});
export const confirmationBatchSize = new client.Histogram({
  name: "dauys_confirmation_batch_size",
  help: "Confirmations written per transaction (group commit)",
  buckets: [1, 2, 5, 10, 20, 50, 100],
  registers: [registry],
});
export const signatures = new client.Counter({
  name: "dauys_signature_submissions_total",
  help: "Signing form submissions by outcome",
  labelNames: ["outcome"],
  registers: [registry],
});
export const confirmations = new client.Counter({
  name: "dauys_confirmations_total",
  help: "Signatures confirmed by email",
  registers: [registry],
});
export const mailsSent = new client.Counter({
  name: "dauys_mail_sent_total",
  help: "Mails accepted by SMTP",
  registers: [registry],
});
export const mailFailures = new client.Counter({
  name: "dauys_mail_failures_total",
  help: "Failed SMTP attempts (retried)",
  registers: [registry],
});
new client.Gauge({
  name: "dauys_live_streams",
  help: "Open server-sent event streams in this instance",
  registers: [registry],
  collect() {
    this.set(openStreamCount());
  },
});
new client.Gauge({
  name: "dauys_outbox_queued",
  help: "Mails waiting in the outbox (all instances)",
  registers: [registry],
  async collect() {
    this.set(
      await db()
        .outboxMessage.count({ where: { status: "queued" } })
        .catch(() => -1),
    );
  },
});

export function metricsAuthorized(authorization: string | undefined) {
  const token = config().metricsToken;
  if (!token || !authorization) return false;
  const given = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${token}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

let server: Server | undefined;

export async function startMetricsServer() {
  const port = config().metricsPort;
  if (!port) return;
  server = createServer(async (req, res) => {
    if (req.url !== "/metrics") return void res.writeHead(404).end();
    res.writeHead(200, { "Content-Type": registry.contentType }).end(await registry.metrics());
  });
  await new Promise<void>((resolve) => server!.listen(port, "127.0.0.1", resolve));
}

export async function stopMetricsServer() {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
}
