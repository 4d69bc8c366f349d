// The headers every answer carries, whoever sends it: Express for most requests, the read cache
// (read-cache.server.ts) before Express for count reads. One list, so a cached answer cannot
// lose HSTS or its request id again.
import { randomUUID } from "node:crypto";
import { config } from "~/config.server.ts";

/** The caller's X-Request-Id if it is a sane token, else a new one; logged and sent back. */
export function requestIdFor(header: string | string[] | undefined) {
  const given = Array.isArray(header) ? header[0] : header;
  return (given ?? "").replace(/[^\w.-]/g, "").slice(0, 64) || randomUUID();
}

/** Enforced, not report-only: scripts only from us or with this response's nonce. */
function contentSecurityPolicy(nonce: string | null, frameable: boolean) {
  return [
    "default-src 'self'",
    nonce ? `script-src 'self' 'nonce-${nonce}'` : "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "form-action 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    `frame-ancestors ${frameable ? "*" : "'none'"}`,
    ...(config().production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Everything but the request id. `path` decides framing: only /embed/ may be put in an iframe. */
export function securityHeaders(path: string, nonce: string | null): Record<string, string> {
  const frameable = path.startsWith("/embed/");
  return {
    "Content-Security-Policy": contentSecurityPolicy(nonce, frameable),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    ...(frameable ? {} : { "X-Frame-Options": "DENY" }),
    ...(config().production ? { "Strict-Transport-Security": "max-age=31536000; includeSubDomains" } : {}),
  };
}
