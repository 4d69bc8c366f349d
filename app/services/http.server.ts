// The HTTP layer around Remix: static files, compression (never for event streams), security
// headers, request ids, and the Remix request handler.
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import { randomBytes } from "node:crypto";
import express from "express";
import { join } from "node:path";
import { config } from "~/config.server.ts";
import { log, redactPath } from "~/lib/log.server.ts";
import { projectRoot } from "~/lib/paths.server.ts";
import { sameOriginForms } from "~/services/cross-origin.server.ts";
import { latinPages } from "~/services/latin-pages.server.ts";
import { cachedPage, type PageCapture } from "~/services/page-cache.server.ts";
import { requestIdFor, securityHeaders } from "~/services/security-headers.server.ts";
import { PETITION_PAGE_PATH, plainSignPost, type SignOutcome } from "~/services/sign-post.server.ts";
import { CONFIRM_PATH, plainConfirmPost } from "~/services/confirm-post.server.ts";
import { httpDuration, httpRequests, metricsAuthorized, registry } from "~/services/metrics.server.ts";

export function createHttpApp(build: ServerBuild) {
  const app = express();
  app.disable("x-powered-by");
  app.disable("etag");
  // X-Forwarded-For/-Proto only from the proxies named in TRUST_PROXY (default: loopback).
  app.set("trust proxy", config().trustProxy);

  app.use(
    compression({
      // Compression buffers output; a live stream must reach the browser event by event.
      filter: (req, res) =>
        !String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream") && compression.filter(req, res),
    }),
  );

  app.use((req, res, next) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdFor(req.headers["x-request-id"]);
    res.setHeader("X-Request-Id", requestId);
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.set(securityHeaders(req.path, nonce));
    res.on("finish", () => {
      // Path without query string: queries may carry tokens. No IPs, no user agents.
      const path = redactPath(req.path);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info("http", { requestId, method: req.method, path, status: res.statusCode, ms });
      httpRequests.inc({ method: req.method, status: `${Math.floor(res.statusCode / 100)}xx` });
      if (!String(res.getHeader("Content-Type") ?? "").startsWith("text/event-stream"))
        httpDuration.observe({ method: req.method }, ms / 1000);
    });
    next();
  });

  // Forms are small and always say how small: a body without a length is refused before it is read.
  app.use((req, res, next) => {
    if (req.method === "POST" && !req.headers["content-length"] && req.headers["transfer-encoding"]) {
      res.status(411).type("text/plain; charset=utf-8").set("Connection", "close").send("Length Required\n");
      return;
    }
    next();
  });

  // A NUL byte is never meaningful in a URL, and PostgreSQL refuses it in text: answer 400 here.
  app.use((req, res, next) => {
    if (/%00|\u0000/i.test(req.originalUrl)) {
      res.status(400).type("text/plain; charset=utf-8").send("Сұраныс дұрыс емес / Неверный запрос (400)\n");
      return;
    }
    next();
  });

  // /kk-latn/… is answered as /kk/… and transliterated on the way out (decision 055).
  app.use(latinPages);

  // Forms only from our own pages: another site's POST gets a translated 403 (cross-origin.server.ts).
  app.use(sameOriginForms);

  // The public API is readable from any origin, conditional requests included.
  app.options(["/api/*", "/badge/*"], (_req, res) => {
    res.set({
      "Access-Control-Allow-Origin": "*",
      "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
      "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since, Cache-Control, Last-Event-ID",
      "Access-Control-Max-Age": "86400",
    });
    res.status(204).end();
  });

  // Metrics for Prometheus, only with the configured bearer token (or on METRICS_PORT).
  app.get("/metrics", async (req, res, next) => {
    if (!metricsAuthorized(req.get("authorization"))) return next();
    res.type(registry.contentType).send(await registry.metrics());
  });

  const publicDir = join(projectRoot, "public");
  app.use("/build", express.static(join(publicDir, "build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(publicDir, { maxAge: "1h" }));

  // Signatures from the page's plain form skip Remix's routing (decision 026).
  app.post(PETITION_PAGE_PATH, plainSignPost);
  // So do confirmations from the confirmation page's button.
  app.post(CONFIRM_PATH, plainConfirmPost);
  // Petition pages from memory under a crowd (decision 028).
  app.get(PETITION_PAGE_PATH, cachedPage);

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config().production ? "production" : "development",
      getLoadContext: (req, res) => ({
        clientIp: req.ip ?? req.socket.remoteAddress ?? "",
        cspNonce: String(res.locals.cspNonce ?? ""),
        signOutcome: res.locals.signOutcome as SignOutcome | undefined,
        pageCapture: res.locals.pageCapture as PageCapture | undefined,
      }),
    }),
  );
  return app;
}
