// Parts of the public publication page that come from the workspace: the official response,
// the text's version history, the single-language notice and the regions it concerns.
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Locale } from "~/i18n.ts";
import { formatDate, formatNumber } from "~/lib/format.ts";

export type ResponseView =
  | { state: "awaiting" }
  | {
      state: "answered";
      date: string;
      /** When it was posted on the site (null for responses entered before that was recorded). */
      postedAt: string | null;
      html: string;
      url: string | null;
      language: Locale | null;
      /** The uploaded PDF, public, with its SHA-256. */
      document: { href: string; sha256: string; size: string } | null;
    };

/** "Awaiting response" or the addressee's answer, dated, with the document if there is one. */
export function ResponsePanel({ locale, response }: { locale: Locale; response: ResponseView }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="response-heading" className="card" data-response={response.state}>
      <h2 id="response-heading" className="text-lg font-bold">
        {t("response.title")}
      </h2>
      {response.state === "awaiting" ? (
        <p className="mt-2">
          <span className="rounded bg-amber-100 px-2 py-0.5 font-semibold text-amber-900">
            {t("response.awaiting")}
          </span>{" "}
          {t("response.awaitingBody")}
        </p>
      ) : (
        <div className="mt-2 space-y-2">
          <p>
            <span className="rounded bg-green-100 px-2 py-0.5 font-semibold text-green-900">
              {t("response.answered")}
            </span>{" "}
            {response.postedAt ? (
              <span data-testid="response-arrived">
                {t("campaign:response.arrived", {
                  date: formatDate(locale, response.date),
                  posted: formatDate(locale, response.postedAt),
                })}
              </span>
            ) : (
              t("response.date", { date: formatDate(locale, response.date) })
            )}
          </p>
          {response.language ? (
            <p className="text-sm text-slate-700">{t(`response.onlyIn.${response.language}`)}</p>
          ) : null}
          <div
            className="prose-dauys"
            lang={response.language ?? undefined}
            dangerouslySetInnerHTML={{ __html: response.html }}
          />
          {response.document ? (
            <p data-testid="response-document">
              <a className="text-brand-700 underline" href={response.document.href} type="application/pdf">
                {t("campaign:response.document", { size: response.document.size })}
              </a>
              <span className="block break-all font-mono text-xs text-slate-700">
                {t("campaign:response.sha256", { sha256: response.document.sha256 })}
              </span>
            </p>
          ) : null}
          {response.url ? (
            <p>
              <a className="text-brand-700 underline" href={response.url} rel="noopener noreferrer nofollow">
                {t("response.document")}
              </a>
            </p>
          ) : null}
        </div>
      )}
    </section>
  );
}

export type VersionView = { number: number; createdAt: string; note: string; minorEdits: number; confirmed: number };

/** Which text people signed: the current version, and the counts given on each version. */
export function VersionPanel(props: {
  locale: Locale;
  slug: string;
  current: number;
  versions: VersionView[];
  signable: boolean;
}) {
  const { t } = useTranslation();
  const { locale, versions } = props;
  const current = versions.find((version) => version.number === props.current);
  return (
    <section aria-labelledby="versions-heading" className="card text-sm" data-version={props.current}>
      <h2 id="versions-heading" className="text-lg font-bold">
        {t("versions.title")}
      </h2>
      <p className="mt-1">
        {t("versions.current", { version: props.current, date: current ? formatDate(locale, current.createdAt) : "" })}
        {current?.minorEdits ? ` ${t("versions.minorEdits", { count: current.minorEdits })}` : null}
      </p>
      {versions.length > 1 || props.signable ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full">
            <caption className="sr-only">{t("versions.tableCaption")}</caption>
            <thead>
              <tr className="text-left text-slate-700">
                <th scope="col" className="py-1 pr-2">
                  {t("versions.version")}
                </th>
                <th scope="col" className="py-1 pr-2">
                  {t("versions.from")}
                </th>
                {props.signable ? (
                  <th scope="col" className="py-1 text-right">
                    {t("versions.confirmed")}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {versions.map((version) => (
                <tr key={version.number} className="border-t border-slate-100 align-top">
                  <th scope="row" className="py-1 pr-2 font-medium">
                    {version.number}
                  </th>
                  <td className="py-1 pr-2">
                    {formatDate(locale, version.createdAt)}
                    {version.note ? <span className="block text-slate-700">{version.note}</span> : null}
                  </td>
                  {props.signable ? (
                    <td className="py-1 text-right tabular-nums">{formatNumber(locale, version.confirmed)}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {versions.length > 1 ? (
        <p className="mt-2">
          <Link className="text-brand-700 underline" to={`/${locale}/p/${props.slug}/versions`}>
            {t("versions.readAll")}
          </Link>
        </p>
      ) : null}
    </section>
  );
}
