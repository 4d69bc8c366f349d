// The count read path under a crowd: the petition JSON and the badge are kept, as the exact bytes
// and headers the route produced, until that petition's counts change (announced to every
// instance, see live.server.ts) or READ_CACHE (5 s) passes; changes made behind the app's back
// (a restore, a manual repair) are thus visible within seconds. Express answers from here before Remix runs.
import type { IncomingMessage, ServerResponse } from "node:http";
import { config } from "~/config.server.ts";
import { onCountChange } from "~/services/live.server.ts";
import { countReadCacheHit } from "~/services/metrics.server.ts";
import { requestIdFor, securityHeaders } from "~/services/security-headers.server.ts";

type Entry = {
  publicationId: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  storedAt: number;
  /** Everything sent with a hit, built once: the per-request path only looks things up. */
  fullHeaders: Record<string, string | number>;
  notModifiedHeaders: Record<string, string>;
  lastModifiedMs: number;
};

const MAX_ENTRIES = 2_000;
const entries = new Map<string, Entry>();
const keysByPublication = new Map<string, Set<string>>();

onCountChange((publicationId) => {
  for (const key of keysByPublication.get(publicationId) ?? []) entries.delete(key);
  keysByPublication.delete(publicationId);
});

/**
 * Only these paths are served from the cache; the key is the path plus the language asked for.
 * A snapshot embed (`?snapshot=`, frozen figures) is never kept: it would share the live entry.
 */
function readCacheKey(pathname: string, query: URLSearchParams) {
  if (query.has("snapshot")) return null;
  const lang = query.get("lang");
  if (/^\/api\/v1\/petitions\/[^/]+$/.test(pathname)) return pathname;
  if (/^\/badge\/[^/]+\.svg$/.test(pathname) || /^\/embed\/[^/]+$/.test(pathname))
    return `${pathname}?lang=${lang === "ru" ? "ru" : "kk"}`;
  return null;
}

export async function rememberResponse(request: Request, publicationId: string, response: Response) {
  const url = new URL(request.url);
  const key = readCacheKey(url.pathname, url.searchParams);
  if (!key || response.status !== 200 || config().readCacheMs === 0) return response;
  const body = Buffer.from(await response.clone().text());
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
  const headers = Object.fromEntries(response.headers);
  delete headers["content-length"];
  // The headers Express adds to every answer (HSTS in production and the rest), then the route's
  // own (the embed's framing policy wins); the request id is added per answer.
  const notModifiedHeaders = { ...lowerCaseKeys(securityHeaders(url.pathname, null)), ...headers };
  entries.set(key, {
    publicationId,
    status: response.status,
    headers,
    body,
    storedAt: Date.now(),
    fullHeaders: { ...notModifiedHeaders, "content-length": body.length },
    notModifiedHeaders,
    lastModifiedMs: headers["last-modified"] ? Date.parse(headers["last-modified"]) : Number.NaN,
  });
  let keys = keysByPublication.get(publicationId);
  if (!keys) keysByPublication.set(publicationId, (keys = new Set()));
  keys.add(key);
  return response;
}

/**
 * Answers from memory if it can, straight on Node's request and response (no framework on this
 * path); returns false to let the full stack handle the request.
 */
export function serveFromReadCache(req: IncomingMessage, res: ServerResponse): boolean {
  if ((req.method !== "GET" && req.method !== "HEAD") || !req.url) return false;
  const url = req.url;
  // Cheap checks first: most requests are for other paths.
  if (!url.startsWith("/api/v1/petitions/") && !url.startsWith("/badge/") && !url.startsWith("/embed/")) return false;
  const query = url.indexOf("?");
  const pathname = query === -1 ? url : url.slice(0, query);
  const key = readCacheKey(pathname, new URLSearchParams(query === -1 ? "" : url.slice(query + 1)));
  const entry = key ? entries.get(key) : undefined;
  if (!entry || Date.now() - entry.storedAt > config().readCacheMs) return false;
  countReadCacheHit();
  res.setHeader("X-Request-Id", requestIdFor(req.headers["x-request-id"]));
  // The same conditional rules as cacheable() in api.server.ts.
  const ifNoneMatch = req.headers["if-none-match"];
  const ifModifiedSince = req.headers["if-modified-since"];
  const notModified = ifNoneMatch
    ? ifNoneMatch.split(",").some((tag) => tag.trim() === entry.headers.etag || tag.trim() === "*")
    : Boolean(ifModifiedSince && entry.lastModifiedMs <= Date.parse(ifModifiedSince));
  if (notModified) res.writeHead(304, entry.notModifiedHeaders).end();
  else res.writeHead(entry.status, entry.fullHeaders).end(req.method === "HEAD" ? undefined : entry.body);
  return true;
}

const lowerCaseKeys = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
