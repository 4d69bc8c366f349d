// Answers that several parts of the app give the same way. The one 503: the database is away, busy
// or overloaded (db.server.ts, raw-sql.server.ts, batched-writes.server.ts), and /readyz. People see
// it as the translated "temporarily unavailable" page (components/error-message.tsx), which carries
// the same Retry-After (entry.server.tsx); API clients and probes get it as it is built here.

/** Seconds a client should wait before trying again after a 503. */
const RETRY_AFTER_SECONDS = "5";

/** Try again shortly. A new object per request (a body reads once); `body` for probes that say why. */
export function serviceUnavailable(body = "Service Unavailable", headers: Record<string, string> = {}) {
  return new Response(body, { status: 503, headers: { ...headers, "Retry-After": RETRY_AFTER_SECONDS } });
}

/** Whether something thrown is that answer (the database is away), as opposed to any other error. */
export const isServiceUnavailable = (error: unknown) => error instanceof Response && error.status === 503;

/** The rendered page of a 503 (the translated error page) says when to try again, like the bare answer. */
export function markUnavailable(status: number, headers: Headers) {
  if (status === 503) headers.set("Retry-After", RETRY_AFTER_SECONDS);
}
