// The plain signing POST answered before Remix (decision 026). The petition page is static HTML
// (decision 016), so every signature arrives as an urlencoded form POST to /{lang}/p/{slug}; a
// crowd of them spent a fifth of the app's time in Remix's route matching alone. This path reads
// the form and calls the same signWithForm() as the page's action. Only the common answer, the 303
// to the check-email page, is written here; every other answer (errors to show on the page, 429,
// 404) is handed to Remix together with the outcome, and the action returns that outcome instead
// of running the checks a second time (so nothing is stored or counted twice).
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { isLocale } from "~/i18n.ts";
import { wantsLatin } from "~/lib/latin-html.ts";
import { formFields, MAX_FORM_BYTES } from "~/lib/small-form.server.ts";
import { signWithForm } from "~/services/signing.server.ts";

/** What the Remix action receives when this path already ran the submission. */
export type SignOutcome = { returned: Response } | { thrown: unknown };

/** The petition page's address, `/{lang}/p/{slug}`: signed by POST, kept by the page cache on GET. */
export const PETITION_PAGE_PATH = /^\/(kk|ru)\/p\/([^/]+)$/;

/** Express handler for `POST /{lang}/p/{slug}`; anything it does not take goes on to Remix unchanged. */
export async function plainSignPost(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const match = PETITION_PAGE_PATH.exec(req.path);
  const length = Number(req.headers["content-length"]);
  // Remix data requests (?_data, ?index), other encodings and bodies of unknown or excessive
  // length take the full path, which answers them as before.
  if (
    !match ||
    !isLocale(match[1]) ||
    req.originalUrl.includes("?") ||
    !String(req.headers["content-type"] ?? "")
      .toLowerCase()
      .startsWith("application/x-www-form-urlencoded") ||
    !Number.isSafeInteger(length) ||
    length > MAX_FORM_BYTES
  ) {
    return next();
  }
  let body: Buffer;
  try {
    body = await readBody(req, length);
  } catch {
    // The client went away or sent less than it announced: nobody is waiting for an answer.
    if (!res.headersSent) res.status(400).set("Connection", "close").end();
    return;
  }
  let slug: string;
  try {
    slug = decodeURIComponent(match[2]);
  } catch {
    // The body is read: Remix could not read it again. (Express refuses such paths before this.)
    res.status(400).type("text/plain; charset=utf-8").send("Сұраныс дұрыс емес / Неверный запрос (400)\n");
    return;
  }
  let outcome: SignOutcome;
  try {
    const form = formFields(new URLSearchParams(body.toString("utf8")));
    outcome = {
      returned: await signWithForm({
        form,
        locale: match[1],
        slug,
        latin: wantsLatin(req.headers),
        clientIp: req.ip ?? req.socket.remoteAddress ?? "",
      }),
    };
  } catch (error) {
    // Thrown answers (404, 413, 503) and unexpected errors alike are Remix's to show and log.
    outcome = { thrown: error };
  }
  if ("returned" in outcome && outcome.returned.status === 303) {
    for (const [name, value] of outcome.returned.headers) res.setHeader(name, value);
    res.status(303).end();
    return;
  }
  res.locals.signOutcome = outcome;
  next();
}

function readBody(req: ExpressRequest, length: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > length) {
        req.destroy();
        reject(new Error("body longer than Content-Length"));
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () =>
      received === length
        ? resolve(Buffer.concat(chunks, received))
        : reject(new Error("body shorter than Content-Length")),
    );
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("aborted")));
  });
}
