// Public JSON and CSV: open to any origin, cacheable for a few seconds with a stale grace, and
// revalidated cheaply with ETag / Last-Modified (304), so a crowd of readers costs little.
import { createHash } from "node:crypto";

export const apiHeaders = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "ETag, Last-Modified",
  "Cache-Control": "public, max-age=5, stale-while-revalidate=30",
};

type Options = { status?: number; headers?: Record<string, string>; lastModified?: Date | null; request?: Request };

/** A cacheable response; answers 304 when the client already holds this exact body. */
export function cacheable(body: string, contentType: string, options: Options = {}) {
  const etag = `W/"${createHash("sha1").update(body).digest("base64url").slice(0, 22)}"`;
  const headers: Record<string, string> = {
    "Content-Type": contentType,
    ...apiHeaders,
    ETag: etag,
    Vary: "Accept-Encoding",
    ...options.headers,
  };
  if (options.lastModified) headers["Last-Modified"] = options.lastModified.toUTCString();
  const request = options.request;
  if (request && (options.status ?? 200) === 200) {
    const ifNoneMatch = request.headers.get("If-None-Match");
    const ifModifiedSince = request.headers.get("If-Modified-Since");
    const notModified = ifNoneMatch
      ? ifNoneMatch.split(",").some((tag) => tag.trim() === etag || tag.trim() === "*")
      : Boolean(
          ifModifiedSince &&
          options.lastModified &&
          Math.floor(options.lastModified.getTime() / 1000) <= Math.floor(Date.parse(ifModifiedSince) / 1000),
        );
    if (notModified) return new Response(null, { status: 304, headers });
  }
  return new Response(body, { status: options.status ?? 200, headers });
}

export function apiJson(data: unknown, options: Options = {}) {
  return cacheable(JSON.stringify(data), "application/json; charset=utf-8", options);
}

export function apiError(status: number, code: string, message: string) {
  return new Response(JSON.stringify({ error: { status, code, message } }), {
    status,
    headers: { "Content-Type": "application/json; charset=utf-8", ...apiHeaders, "Cache-Control": "no-store" },
  });
}

/** CSV in UTF-8 with a byte-order mark, so spreadsheet programs show Cyrillic correctly. */
export function csvResponse(rows: Array<Array<string | number | null>>, filename: string, options: Options = {}) {
  const body = "\ufeff" + rows.map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
  return cacheable(body, "text/csv; charset=utf-8", {
    ...options,
    headers: {
      "Content-Disposition": `attachment; filename="${filename.replace(/[^\x20-\x7e]|"/g, "_")}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
      ...options.headers,
    },
  });
}

/** Quotes where needed, and defuses cells a spreadsheet would run as a formula. */
export function csvCell(value: string | number | null) {
  if (value === null) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
