import { Link, NavLink, useLocation, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { otherLocale, switchLocalePath, type Locale } from "~/i18n.ts";
import { LATIN_LANG, LATIN_PREFIX } from "~/lib/latin-html.ts";

export function SiteShell({ locale, children }: { locale: Locale; children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const other = otherLocale(locale);
  const latin = useRouteLoaderData<{ latin?: boolean }>("root")?.latin === true;
  const here = location.pathname + location.search;
  const navClass = ({ isActive }: { isActive: boolean }) =>
    `rounded px-2 py-1 hover:bg-brand-700 ${isActive ? "bg-brand-800 font-semibold" : ""}`;
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2"
      >
        {t("site.skipToContent")}
      </a>
      <header className="bg-brand-600 text-white">
        <div className="container-page flex flex-wrap items-center justify-between gap-2 py-3">
          <Link to={`/${locale}`} className="text-2xl font-bold tracking-tight">
            {t("site.name")}
          </Link>
          <div className="flex gap-2">
            <a
              href={switchLocalePath(location.pathname + location.search, other)}
              hrefLang={other}
              // A description, not the name: the name stays the visible word (WCAG 2.5.3), also on
              // /kk-latn/ pages, where the description is transliterated but the word is kept.
              title={t("nav.switchToLabel")}
              className="rounded border border-white/70 px-3 py-1 text-sm font-medium hover:bg-brand-700"
            >
              <span lang={other}>{t("nav.switchTo")}</span>
            </a>
            {/* Kazakh in the other script (decision 055); kept as written when the page is transliterated. */}
            {latin ? (
              <a
                href={switchLocalePath(here, "kk")}
                hrefLang="kk"
                className="rounded border border-white/70 px-3 py-1 text-sm font-medium hover:bg-brand-700"
              >
                <span lang="kk" data-script="keep">
                  Қазақша
                </span>
              </a>
            ) : (
              <a
                href={LATIN_PREFIX + switchLocalePath(here, "kk").slice(3)}
                hrefLang={LATIN_LANG}
                className="rounded border border-white/70 px-3 py-1 text-sm font-medium hover:bg-brand-700"
              >
                <span lang={LATIN_LANG}>Qazaqşa</span>
              </a>
            )}
          </div>
          <nav aria-label={t("nav.main")} className="w-full">
            <ul className="flex flex-wrap gap-1 text-sm sm:text-base">
              <li>
                <NavLink to={`/${locale}/petitions`} className={navClass}>
                  {t("nav.petitions")}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/${locale}/statements`} className={navClass}>
                  {t("nav.statements")}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/${locale}/reports`} className={navClass}>
                  {t("nav.reports")}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/${locale}/start`} className={navClass}>
                  {t("nav.start")}
                </NavLink>
              </li>
              <li>
                <NavLink to={`/${locale}/search`} className={navClass}>
                  {t("search.title")}
                </NavLink>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="container-page flex-1 py-6" tabIndex={-1}>
        {children}
      </main>
      <footer className="mt-8 border-t border-slate-200 bg-white py-6 text-sm text-slate-700">
        <div className="container-page space-y-2">
          <p>{t("footer.disclaimer")}</p>
          <p className="flex flex-wrap gap-4">
            <Link className="underline" to={`/${locale}/privacy`}>
              {t("footer.privacy")}
            </Link>
            <Link className="underline" to={`/${locale}/api`}>
              {t("footer.api")}
            </Link>
            <Link className="underline" to={`/${locale}/receipt`}>
              {t("ledger.checkReceipt")}
            </Link>
            <Link className="underline" to={`/${locale}/rejected`}>
              {t("nav.rejected")}
            </Link>
            <a className="underline" href={`/${locale}/feed.atom`}>
              {t("feed.title")}
            </a>
            <Link className="underline" to={`/${locale}/workspace`}>
              {t("footer.organizers")}
            </Link>
          </p>
        </div>
      </footer>
    </div>
  );
}
