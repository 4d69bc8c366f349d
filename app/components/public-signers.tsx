import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { regionName } from "~/data/regions.ts";
import type { Locale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";

/** The day only (YYYY-MM-DD, Kazakhstan time): a finer time would link a named signer to a ledger entry. */
type Signer = { name: string; region: string; day: string };

export function PublicSigners(props: {
  locale: Locale;
  signers: Signer[];
  page: number;
  hasMore: boolean;
  basePath: string;
}) {
  const { t } = useTranslation();
  const { locale, signers, page } = props;
  const pageLink = (target: number) => `${props.basePath}${target > 1 ? `?signers=${target}` : ""}#signers-heading`;
  return (
    <section aria-labelledby="signers-heading" className="card">
      <h2 id="signers-heading" className="text-lg font-bold">
        {t("signers.title")}
      </h2>
      <p className="text-sm text-slate-700">{t("signers.intro")}</p>
      {signers.length === 0 ? (
        <p className="mt-3 text-slate-700">{t("signers.empty")}</p>
      ) : (
        <ol className="mt-3 divide-y divide-slate-100" data-testid="public-signers">
          {signers.map((signer, index) => (
            <li key={`${signer.day}-${index}`} className="flex flex-wrap justify-between gap-x-4 py-2">
              <span className="font-medium">{signer.name}</span>
              <span className="text-sm text-slate-700">
                {regionName(signer.region, locale)} ·{" "}
                <time dateTime={signer.day}>{formatDate(locale, `${signer.day}T12:00:00+05:00`)}</time>
              </span>
            </li>
          ))}
        </ol>
      )}
      {page > 1 || props.hasMore ? (
        <nav aria-label={t("signers.pagination")} className="mt-3 flex justify-between text-sm">
          {page > 1 ? (
            <Link className="underline" to={pageLink(page - 1)} preventScrollReset>
              {t("signers.newer")}
            </Link>
          ) : (
            <span />
          )}
          {props.hasMore ? (
            <Link className="underline" to={pageLink(page + 1)} preventScrollReset>
              {t("signers.older")}
            </Link>
          ) : null}
        </nav>
      ) : null}
    </section>
  );
}
