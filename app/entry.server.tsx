import { Transform } from "node:stream";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { markUnavailable } from "~/lib/answers.ts";
import { langCookieUpdate } from "~/lib/lang-cookie.server.ts";
import { errorFields, log, redactPath } from "~/lib/log.server.ts";
import { NonceProvider } from "~/lib/nonce.tsx";

// Start-up lives in the build so that routes and background work share one database client.
export { boot, runJob, runJobOnce, withDatabase } from "~/services/boot.server.ts";
export { moderateByReceipt } from "~/services/moderation.server.ts";
export { migrate } from "~/services/migrate.server.ts";
export { addMember, createAdmin, createModerator } from "~/models/user.server.ts";

const ABORT_DELAY = 5_000;

/** Server errors go to the structured log; a client's mistake (4xx) or a closed tab is not one. */
export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  if (isRouteErrorResponse(error) && error.status < 500) return;
  const path = redactPath(new URL(request.url).pathname);
  log.error("request.failed", {
    method: request.method,
    path,
    ...errorFields(error),
    stack: error instanceof Error ? error.stack : undefined,
  });
}

/**
 * The document leaves as one piece. The Remix adapter flushes the response after every chunk it
 * writes, and with compression on, each flush ends a deflate block: React's ~2 KB chunks made a
 * petition page 20 KB gzipped instead of 11.7 KB (decision 028 addendum). No route streams
 * deferred data, so nothing is gained by sending the page in pieces.
 *
 * React 18.3's streaming renderer can also emit NUL bytes: when a multi-byte character (all of
 * Kazakh and Russian text) does not fit the end of its 2 KB buffer, the buffer is flushed whole,
 * unused tail byte included (react/react#31134). UTF-8 never uses the byte 0 inside a character and
 * our pages never contain U+0000 (forms refuse it), so dropping every 0 byte restores the exact text.
 */
function wholeDocument() {
  const chunks: Buffer[] = [];
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
    flush(done) {
      done(null, withoutNulBytes(Buffer.concat(chunks)));
    },
  });
}

function withoutNulBytes(page: Buffer) {
  if (page.indexOf(0) === -1) return page;
  const parts: Buffer[] = [];
  let start = 0;
  for (let at = page.indexOf(0); at !== -1; at = page.indexOf(0, start)) {
    parts.push(page.subarray(start, at));
    start = at + 1;
  }
  parts.push(page.subarray(start));
  return Buffer.concat(parts);
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce || undefined;
  const setLang = await langCookieUpdate(request);
  if (setLang) responseHeaders.append("Set-Cookie", setLang);
  markUnavailable(responseStatusCode, responseHeaders);
  // Crawlers and no-JS readers get the whole document at once; browsers get it streamed.
  const waitForAll = isbot(request.headers.get("user-agent") ?? "");
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </NonceProvider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = wholeDocument();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}
