// Kazakh in Latin script under /kk-latn/ (decision 055). The request is answered as the Kazakh
// page it mirrors, by everything behind this layer (signing and confirming fast paths, page cache,
// Remix), with one trusted header saying the reader wants Latin; the HTML (or Atom) answer is then
// transliterated on its way out and its links and redirects lead back into /kk-latn/. Titles and
// summaries an organizer spelled in Latin by hand are written as given (decision 057).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { config } from "~/config.server.ts";
import { errorFields, log } from "~/lib/log.server.ts";
import { LATIN_HEADER, latinHtml, latinPath, latinSpellings, type LatinSpellings } from "~/lib/latin-html.ts";
import { currentLatinSpellings } from "~/services/latin-spellings.server.ts";
import { latinAnswers } from "~/services/metrics.server.ts";

/**
 * What this layer and the page cache (page-cache.server.ts) tell each other in `res.locals`: the
 * cache sets `latinAlready` when it sends a page it keeps in Latin, and reads `latinHtml`, the
 * transliterated page, to keep it (decision 057).
 */
export type LatinLocals = { latinAlready?: boolean; latinHtml?: string };

const PREFIX = /^\/kk-latn(?=\/|$|\?)/;
/** The workspace and signing in are for organizers and stay in Cyrillic. */
const NOT_MIRRORED = /^\/kk-latn\/(workspace|signin|signout)(\/|$|\?)/;

export function latinPages(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  delete req.headers[LATIN_HEADER];
  if (!PREFIX.test(req.url)) return next();
  if (NOT_MIRRORED.test(req.url)) {
    res.redirect(302, req.originalUrl.replace(PREFIX, "/kk"));
    return;
  }
  req.url = req.url.replace(PREFIX, "/kk");
  req.originalUrl = req.originalUrl.replace(PREFIX, "/kk");
  req.headers[LATIN_HEADER] = "latn";
  transliterateAnswer(res);
  next();
}

/** Loaded only when a page is transliterated: a kept page (a page-cache hit) needs none. */
function spellingsNow(): Promise<LatinSpellings> {
  return currentLatinSpellings().catch((error: unknown) => {
    // The page itself will say whether the database is down; here the automatic spelling is kept.
    log.warn("latin.spellings_failed", errorFields(error));
    return latinSpellings([]);
  });
}

function transliterateAnswer(res: ExpressResponse) {
  const publicUrl = config().publicUrl;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ExpressResponse;
  const chunks: Buffer[] = [];
  let mode: "undecided" | "buffer" | "pass" = "undecided";

  const decide = () => {
    if (mode !== "undecided") return mode;
    const location = res.getHeader("Location");
    if (typeof location === "string") res.setHeader("Location", latinPath(location, publicUrl));
    const type = String(res.getHeader("Content-Type") ?? "");
    mode = /^(text\/html|application\/atom\+xml)/.test(type) && res.req.method !== "HEAD" ? "buffer" : "pass";
    return mode;
  };
  const keep = (chunk: unknown, encoding: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding as BufferEncoding));
  };

  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (decide() === "pass") return write(chunk, ...rest);
    keep(chunk, typeof rest[0] === "string" ? rest[0] : "utf8");
    const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
    callback?.();
    return true;
  }) as typeof res.write;

  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (decide() === "pass") return end(chunk, ...rest);
    keep(chunk, typeof rest[0] === "string" ? rest[0] : "utf8");
    const type = String(res.getHeader("Content-Type") ?? "");
    const locals = res.locals as LatinLocals;
    const callback = rest.find((arg) => typeof arg === "function");
    const send = (latin: Buffer) => {
      if (!res.headersSent) {
        if (res.getHeader("Content-Length") !== undefined) res.setHeader("Content-Length", latin.length);
        // Both scripts are served from one address per language: caches must not mix them.
        res.setHeader("Content-Language", "kk-Latn");
      }
      return callback ? end(latin, callback) : end(latin);
    };
    if (locals.latinAlready) {
      latinAnswers.inc({ answer: "kept" });
      return send(Buffer.concat(chunks));
    }
    latinAnswers.inc({ answer: "transliterated" });
    void spellingsNow()
      .then((spellings) => {
        const html = Buffer.concat(chunks).toString("utf8");
        locals.latinHtml = latinHtml(html, { publicUrl, dropScripts: type.startsWith("text/html"), spellings });
        return Buffer.from(locals.latinHtml, "utf8");
      })
      .catch((error: unknown) => {
        // Never leave the answer hanging: the page goes out as rendered, in Cyrillic.
        log.error("latin.transliteration_failed", errorFields(error));
        return Buffer.concat(chunks);
      })
      .then(send);
    return res;
  }) as typeof res.end;
}
