// Forms are posted from our own pages. A POST (or any other unsafe method) whose Origin — or,
// when a browser sends none, Referer — names another site is refused here with a translated 403,
// before the signing fast path and before Remix, whose own check (Origin against Host) would
// answer the same request with a 500 and an error log line. "Origin: null" (a sandboxed frame,
// a page with no-referrer) is refused too: it is what a forged form can always produce, and our
// pages never cause it (their referrer policies send the real origin on same-origin posts).
// Requests with neither header (curl, scripts, the tests) pass: every browser sends Origin on a
// cross-site POST.
import type { NextFunction, Request, Response } from "express";
import { config } from "~/config.server.ts";
import { serverT } from "~/i18n.server.ts";
import { defaultLocale, isLocale } from "~/i18n.ts";
import { escapeHtml } from "~/lib/html.ts";
import { log, redactPath } from "~/lib/log.server.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// RFC 8058 one-click unsubscribe: mail services post it from wherever they run; the token in the
// address is the authority, and the answer is the same whoever asks.
const ANY_ORIGIN = /^\/unsubscribe\/[^/]+\/?$/;

/** The host a browser says the request comes from: a string, null when unreadable or opaque, undefined when not said. */
function sourceHost(req: Request): string | null | undefined {
  const origin = req.headers.origin;
  const referer = req.headers.referer;
  const stated = origin ?? referer;
  if (stated === undefined) return undefined;
  if (stated === "null") return null;
  try {
    return new URL(stated).host;
  } catch {
    return null;
  }
}

/** The host the browser addressed, the way Remix's own check reads it (X-Forwarded-Host, else Host). */
function addressedHost(req: Request) {
  const forwarded = req.headers["x-forwarded-host"];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(",")[0]?.trim();
  return first || req.headers.host || null;
}

export function sameOriginForms(req: Request, res: Response, next: NextFunction) {
  if (SAFE_METHODS.has(req.method)) return next();
  if (ANY_ORIGIN.test(req.path)) {
    delete req.headers.origin;
    return next();
  }
  const source = sourceHost(req);
  const addressed = addressedHost(req);
  if (source === undefined || (source !== null && source === addressed)) return next();
  log.info("http.cross_origin_refused", { method: req.method, path: redactPath(req.path), from: source ?? "null" });
  const prefix = req.path.split("/")[1];
  const locale = isLocale(prefix) ? prefix : defaultLocale;
  const t = serverT(locale);
  const title = t("error.crossOriginTitle");
  res
    .status(403)
    .set({ "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" })
    .send(
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(title)} — Дауыс</title></head>` +
        `<body><main data-status="403"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(t("error.crossOriginBody", { host: new URL(config().publicUrl).host }))}</p>` +
        `<p><a href="/${locale}">${escapeHtml(t("error.home"))}</a></p></main></body></html>\n`,
    );
}
