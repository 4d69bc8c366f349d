import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { LanguageDetector } from "remix-i18next/server";
import { langCookie } from "~/lib/lang-cookie.server.ts";
import { defaultLocale, locales } from "~/i18n.ts";

const detector = new LanguageDetector({
  supportedLanguages: [...locales],
  fallbackLanguage: defaultLocale,
  cookie: langCookie,
  order: ["cookie", "header"],
});

/** "/" sends the visitor to their language: the one they chose before, else their browser's. */
export async function loader({ request }: LoaderFunctionArgs) {
  const locale = await detector.detect(request);
  return redirect(`/${locale}`, { headers: { Vary: "Cookie, Accept-Language", "Cache-Control": "private, no-cache" } });
}
