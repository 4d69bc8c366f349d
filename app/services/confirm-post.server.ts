// The confirmation button's POST answered before Remix, like the signing POST (decision 026).
// After a mail wave this is the busiest write: the page's form posts to the link's own address
// with an empty body, the answer is a 303 back to it. The same confirmByLink() as the route's
// action runs here; a form from another site is refused (403); anything unusual (a Remix data
// request, a body that is not a small form, an error) goes on to Remix, whose action answers it
// as before. Confirming twice is harmless (the second press finds the signature confirmed), so
// handing on after an error cannot count anyone twice.
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { config } from "~/config.server.ts";
import { isLocale } from "~/i18n.ts";
import { confirmByLink } from "~/services/confirming.server.ts";

/** The confirmation link's address, `/{lang}/confirm/{token}`. */
export const CONFIRM_PATH = /^\/(kk|ru)\/confirm\/([A-Za-z0-9_-]{1,64})$/;

/** The button's form has no fields; anything bigger is not the page's form. */
const MAX_CONFIRM_BODY = 1_024;

export async function plainConfirmPost(req: ExpressRequest, res: ExpressResponse, next: NextFunction) {
  const match = CONFIRM_PATH.exec(req.path);
  const length = Number(req.headers["content-length"] ?? 0);
  if (
    !match ||
    !isLocale(match[1]) ||
    req.originalUrl.includes("?") ||
    !Number.isSafeInteger(length) ||
    length > MAX_CONFIRM_BODY
  ) {
    return next();
  }
  if (!sameOriginOrUnstated(req)) {
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send("Басқа сайттағы форма қол растай алмайды / Форма с другого сайта не может подтвердить подпись (403)\n");
    return;
  }
  try {
    await drain(req);
  } catch {
    if (!res.headersSent) res.status(400).set("Connection", "close").end();
    return;
  }
  try {
    await confirmByLink(match[2]);
  } catch {
    // 503 and the unexpected alike: Remix's action tries once more and shows its page.
    return next();
  }
  res.setHeader("Location", `/${match[1]}/confirm/${match[2]}`);
  res.setHeader("Cache-Control", "no-store");
  res.setHeader("Referrer-Policy", "same-origin");
  res.status(303).end();
}

/**
 * A browser says where a form came from (Origin); a form on another site must not confirm for
 * someone. No Origin at all (curl, old clients) is allowed, as on the Remix path.
 */
function sameOriginOrUnstated(req: ExpressRequest) {
  const origin = req.headers.origin;
  if (!origin) return true;
  return origin === `${req.protocol}://${req.headers.host}` || origin === new URL(config().publicUrl).origin;
}

function drain(req: ExpressRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    let received = 0;
    req.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_CONFIRM_BODY) {
        req.destroy();
        reject(new Error("body too long"));
      }
    });
    req.on("end", () => resolve());
    req.on("error", reject);
    req.on("aborted", () => reject(new Error("aborted")));
  });
}
