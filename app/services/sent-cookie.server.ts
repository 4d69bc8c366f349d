// After signing, the check-your-mail page says where the mail went ("a•••@gmail.com") so a typo
// can be caught. The masked address travels in a short-lived signed cookie, never in the URL
// (addresses in URLs end up in logs, histories and referrers).
import { createCookie } from "@remix-run/node";
import { config } from "~/config.server.ts";
import { maskEmail } from "~/lib/email.ts";

const LIFETIME_S = 15 * 60;
let cookie: ReturnType<typeof createCookie> | undefined;
function sentCookie() {
  cookie ??= createCookie("dauys_sent", {
    httpOnly: true,
    sameSite: "lax",
    secure: config().production,
    path: "/",
    maxAge: LIFETIME_S,
    secrets: [config().sessionSecret],
  });
  return cookie;
}

/** Set-Cookie for the petition just signed: its slug and the masked address. */
export function rememberSentTo(slug: string, email: string) {
  return sentCookie().serialize({ slug, to: maskEmail(email), until: Date.now() + LIFETIME_S * 1000 });
}

/** The masked address mailed for this petition from this browser, if the cookie is genuine and fresh. */
export async function sentTo(request: Request, slug: string): Promise<string | null> {
  const value: unknown = await sentCookie().parse(request.headers.get("Cookie"));
  if (!value || typeof value !== "object") return null;
  const { slug: signed, to, until } = value as Record<string, unknown>;
  if (signed !== slug || typeof to !== "string" || typeof until !== "number" || until < Date.now()) return null;
  return to;
}
