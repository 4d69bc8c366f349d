// Answers that several parts of the app give the same way.

/** The database is away, busy or overloaded: try again shortly. A new object per request (a body reads once). */
export function serviceUnavailable() {
  return new Response("Service Unavailable", { status: 503, headers: { "Retry-After": "5" } });
}
