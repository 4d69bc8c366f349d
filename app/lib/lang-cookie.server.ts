import { createCookie } from "@remix-run/node";
import { isLocale, type Locale } from "~/i18n.ts";

// Remembers the language of the last page read, for the "/" redirect. Not personal data.
export const langCookie = createCookie("lang", { path: "/", sameSite: "lax", maxAge: 365 * 86_400, httpOnly: true });

/** A Set-Cookie value when the page's language differs from the remembered one. */
export function langCookieUpdate(request: Request): Promise<string | null> {
  return langCookieFor(new URL(request.url).pathname, request.headers.get("Cookie"));
}

export async function langCookieFor(pathname: string, cookieHeader: string | null): Promise<string | null> {
  const prefix = pathname.split("/")[1];
  if (!isLocale(prefix)) return null;
  const current = await langCookie.parse(cookieHeader);
  return current === prefix ? null : langCookie.serialize(prefix as Locale);
}
