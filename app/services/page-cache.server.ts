// Petition pages under a crowd (decision 028). A petition page costs ~10 ms of rendering (database
// reads, React, translations); a crowd opening it would keep an instance busy with identical work.
// The rendered HTML of `/{lang}/p/{slug}` (no query string) is kept in memory and served again
// with this response's own CSP nonce and a fresh signing-form stamp put in; everything else in
// the page is the same for every visitor. An entry is refreshed by the next visitor once the
// petition announces a change (counts, text, status, moderation: live.server.ts, from every
// instance) or PAGE_CACHE (2 s) has passed; while one request renders the new page, the others
// get the previous one, so a crowd causes one render per page at a time, not one each.
// A /kk-latn/ page is kept as it left the Latin layer, transliterated (decision 057).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { config } from "~/config.server.ts";
import { stitchable, stitchGzip, type StitchedPage } from "~/lib/gzip-stitch.ts";
import { wantsLatin } from "~/lib/latin-html.ts";
import { langCookieFor } from "~/lib/lang-cookie.server.ts";
import { formStamp } from "~/services/abuse.server.ts";
import type { LatinLocals } from "~/services/latin-pages.server.ts";
import { onCountChange } from "~/services/live.server.ts";
import { pageCacheAnswers } from "~/services/metrics.server.ts";
import { PETITION_PAGE_PATH } from "~/services/sign-post.server.ts";

/** What the page's loader tells the cache: which petition the page shows, its slug, and the stamp it rendered. */
export type PageCapture = { allow(facts: { publicationId: string; slug: string; stamp: string }): void };

type Entry = {
  publicationId: string;
  contentType: string;
  /** The HTML as bytes between the places where this response's nonce or form stamp goes. */
  parts: Buffer[];
  slots: ("nonce" | "stamp")[];
  /** The same parts compressed once, made when the first visitor that accepts gzip comes. */
  gzip: StitchedPage | null;
  storedAt: number;
  /** Set when the petition changed: the next visitor renders a new page. */
  stale: boolean;
  /** A request is rendering the new page since then (others get this one meanwhile). */
  refreshingSince: number | null;
};

const MAX_ENTRIES = 500;
/** A refresh that has not finished by then (client gone, error) is given up; the next visitor tries. */
const REFRESH_GIVE_UP_MS = 10_000;
const entries = new Map<string, Entry>();
/** Changes counted in order, so a render that overlapped a change is known to be stale at once. */
let changeSeq = 0;
const lastChange = new Map<string, number>();

onCountChange((publicationId) => {
  lastChange.set(publicationId, ++changeSeq);
  for (const entry of entries.values()) if (entry.publicationId === publicationId) entry.stale = true;
});

/** Express handler for GET/HEAD `/{lang}/p/{slug}`: answers from memory or lets Remix render and keeps the result. */
export async function cachedPage(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const ttl = config().pageCacheMs;
  if (ttl === 0 || req.originalUrl.includes("?") || !PETITION_PAGE_PATH.test(req.path)) return next();
  // The Latin twin of a page (decision 055) is rendered with its own language switch, and kept
  // transliterated (decision 057): a hit costs no transliteration.
  const latin = wantsLatin(req.headers);
  const key = (latin ? "latn:" : "") + req.path;
  const entry = entries.get(key);
  const now = Date.now();
  const fresh = entry && !entry.stale && now - entry.storedAt <= ttl;
  const refreshing = entry?.refreshingSince != null && now - entry.refreshingSince < REFRESH_GIVE_UP_MS;
  if (entry && (fresh || refreshing)) {
    pageCacheAnswers.inc({ result: fresh ? "hit" : "stale" });
    const nonce = String(res.locals.cspNonce ?? "");
    const stamp = formStamp(now);
    const setCookie = await langCookieFor(req.path, req.headers.cookie ?? null);
    if (setCookie) res.append("Set-Cookie", setCookie);
    if (latin) (res.locals as LatinLocals).latinAlready = true;
    const values = entry.slots.map((slot) => Buffer.from(slot === "nonce" ? nonce : stamp));
    res.status(200).type(entry.contentType);
    // Compressed without a zlib stream per response (app/lib/gzip-stitch.ts); the compression
    // middleware leaves an answer that already has its Content-Encoding alone.
    res.vary("Accept-Encoding");
    if (req.acceptsEncodings("gzip", "identity") === "gzip") {
      entry.gzip ??= stitchable(entry.parts);
      res.set("Content-Encoding", "gzip").send(stitchGzip(entry.gzip, values));
    } else
      res.send(
        Buffer.concat(entry.parts.flatMap((part, index) => (index < values.length ? [part, values[index]!] : [part]))),
      );
    return;
  }
  pageCacheAnswers.inc({ result: "render" });
  if (entry) entry.refreshingSince = now;
  capture(req, res, key, latin, entry);
  next();
}

/** Collects what Remix writes and keeps it if the loader allowed it and the page was a 200. */
function capture(req: ExpressRequest, res: ExpressResponse, key: string, latin: boolean, previous: Entry | undefined) {
  const seqAtStart = changeSeq;
  let facts: { publicationId: string; slug: string; stamp: string } | null = null;
  res.locals.pageCapture = { allow: (allowed) => (facts = allowed) } satisfies PageCapture;
  const chunks: Buffer[] = [];
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ExpressResponse;
  const keep = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === "function") return;
    if (typeof chunk === "string")
      chunks.push(Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8"));
    else if (chunk instanceof Uint8Array) chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => (
    keep(chunk, rest[0]),
    write(chunk, ...rest)
  )) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => (keep(chunk, rest[0]), end(chunk, ...rest))) as typeof res.end;
  const giveUp = () => {
    if (previous && entries.get(key) === previous) previous.refreshingSince = null;
  };
  res.on("finish", () => {
    const contentType = String(res.getHeader("Content-Type") ?? "");
    if (!facts || res.statusCode !== 200 || req.method !== "GET" || !contentType.startsWith("text/html"))
      return giveUp();
    const { publicationId, slug, stamp } = facts as { publicationId: string; slug: string; stamp: string };
    // Only the petition's own address is kept: other spellings (%64emo for demo) render each time
    // and cannot push real pages out of the cache.
    if (req.path !== `/${req.path.split("/")[1]}/p/${encodeURIComponent(slug)}`) return giveUp();
    const nonce = String(res.locals.cspNonce ?? "");
    // A Latin page is kept as the /kk-latn/ layer (outside this one) sent it: nonce and stamp are
    // machine values it leaves as they are, so they are put in per response all the same.
    const html = latin ? (res.locals as LatinLocals).latinHtml : Buffer.concat(chunks).toString("utf8");
    if (html === undefined) return giveUp();
    if (!nonce || !stamp || !html.includes(stamp)) return giveUp();
    if (!entries.has(key) && entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
    entries.set(key, {
      publicationId,
      contentType,
      ...templateOf(html, nonce, stamp),
      gzip: null,
      storedAt: Date.now(),
      stale: (lastChange.get(publicationId) ?? 0) > seqAtStart,
      refreshingSince: null,
    });
  });
  res.on("close", () => {
    if (!res.writableFinished) giveUp();
  });
}

/** The page cut at every nonce and form stamp, in order. */
function templateOf(html: string, nonce: string, stamp: string) {
  const parts: Buffer[] = [];
  const slots: ("nonce" | "stamp")[] = [];
  html.split(nonce).forEach((piece, index) => {
    if (index > 0) slots.push("nonce");
    piece.split(stamp).forEach((part, inner) => {
      if (inner > 0) slots.push("stamp");
      parts.push(Buffer.from(part, "utf8"));
    });
  });
  return { parts, slots };
}
