import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import { useMemo, type ReactNode } from "react";
import { I18nextProvider } from "react-i18next";
import { ErrorMessage, errorKeys } from "~/components/error-message.tsx";
import { SiteShell } from "~/components/site-shell.tsx";
import { config } from "~/config.server.ts";
import { clientResources } from "~/i18n.server.ts";
import { defaultLocale, i18nFor, isLocale, locales, switchLocalePath, type Locale } from "~/i18n.ts";
import { LATIN_LANG, LATIN_PREFIX, wantsLatin } from "~/lib/latin-html.ts";
import { useNonce } from "~/lib/nonce.tsx";
import stylesheet from "~/tailwind.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico", sizes: "any" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  // Pages carry the language in the path; embeds (for other sites' iframes) in ?lang=.
  const url = new URL(request.url);
  const query = url.searchParams.get("lang");
  const locale: Locale = isLocale(params.lang) ? params.lang : isLocale(query) ? query : defaultLocale;
  return json({
    locale,
    resources: clientResources(locale, url.pathname),
    publicUrl: config().publicUrl,
    // Rendered for /kk-latn/ (decision 055): the language switch offers Cyrillic instead of Latin.
    latin: wantsLatin(request.headers),
  });
}

/**
 * Error pages (from this route's boundary or $lang's) get their <title> here, in the head: pages
 * without a meta export of their own inherit nothing from it otherwise.
 */
export const meta: MetaFunction<typeof loader> = ({ data, error }) => {
  if (!error || !data) return [];
  const t = i18nFor(data.locale, data.resources).t;
  return [{ title: `${t(errorKeys(error).title)} — ${t("site.name")}` }, { name: "robots", content: "noindex" }];
};

/**
 * A route that exports `handle = { hydrate: false }` is served as plain HTML with one small script
 * (public/page.js: live counts, field checks) instead of the React/Remix runtime, its loader data
 * and the translations (decision 016). Its links and forms are plain HTML and work without it.
 */
function useHydrated() {
  return !useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === false);
}

function Document({ locale, children, publicUrl }: { locale: Locale; children: ReactNode; publicUrl?: string }) {
  const location = useLocation();
  const nonce = useNonce();
  const hydrated = useHydrated();
  const localized = /^\/(kk|ru)(\/|$)/.test(location.pathname);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b5f8a" />
        <Meta />
        {localized && publicUrl
          ? locales.map((other) => (
              <link
                key={other}
                rel="alternate"
                hrefLang={other}
                href={publicUrl + switchLocalePath(location.pathname, other)}
              />
            ))
          : null}
        {localized && publicUrl ? (
          <link
            rel="alternate"
            hrefLang={LATIN_LANG}
            href={publicUrl + LATIN_PREFIX + switchLocalePath(location.pathname, "kk").slice(3)}
          />
        ) : null}
        {localized ? <link rel="alternate" type="application/atom+xml" href={`/${locale}/feed.atom`} /> : null}
        <Links />
      </head>
      <body>
        {children}
        {hydrated ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : (
          <script src="/page.js" defer nonce={nonce} />
        )}
      </body>
    </html>
  );
}

export default function App() {
  const { locale, resources, publicUrl } = useLoaderData<typeof loader>();
  const i18n = useMemo(() => i18nFor(locale, resources), [locale, resources]);
  // Embeds live inside other sites: no header, no footer.
  const bare = useLocation().pathname.startsWith("/embed/");
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={locale} publicUrl={publicUrl}>
        {bare ? (
          <Outlet />
        ) : (
          <SiteShell locale={locale}>
            <Outlet />
          </SiteShell>
        )}
      </Document>
    </I18nextProvider>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  const location = useLocation();
  const fromPath = location.pathname.split("/")[1];
  const locale: Locale = data?.locale ?? (isLocale(fromPath) ? fromPath : defaultLocale);
  const i18n = useMemo(() => (data ? i18nFor(locale, data.resources) : null), [data, locale]);
  if (!i18n) {
    // The root loader itself failed: no translations at hand, so a bilingual minimum.
    return (
      <html lang="kk">
        <head>
          <meta charSet="utf-8" />
          <title>Дауыс</title>
        </head>
        <body>
          <h1>Қате кетті / Что-то пошло не так</h1>
          <p>
            <a href="/">Дауыс</a>
          </p>
        </body>
      </html>
    );
  }
  return (
    <I18nextProvider i18n={i18n}>
      <Document locale={locale}>
        <SiteShell locale={locale}>
          <ErrorMessage />
        </SiteShell>
      </Document>
    </I18nextProvider>
  );
}
