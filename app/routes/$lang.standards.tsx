import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { hidesText, rejectionReasons } from "~/lib/citizen-options.ts";

// The published moderation standards: every rejection of a citizen petition names one of these.
export const handle = { hydrate: false };

export function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json(
    {
      locale,
      pageTitle: serverT(locale, "citizen")("standards.title"),
      hidden: rejectionReasons.filter((r) => hidesText.has(r)),
    },
    { headers: { "Cache-Control": "public, max-age=300" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function Standards() {
  const { locale, hidden } = useLoaderData<typeof loader>();
  const { t } = useTranslation("citizen");
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("standards.title")}</h1>
      <p>{t("standards.intro")}</p>
      <ol className="space-y-3" data-testid="standards">
        {rejectionReasons.map((reason) => (
          <li key={reason} id={reason} className="card">
            <h2 className="font-bold">{t(`reasons.${reason}.title`)}</h2>
            <p>{t(`reasons.${reason}.body`)}</p>
            {(hidden as string[]).includes(reason) ? (
              <p className="mt-1 text-sm text-slate-700">{t("standards.hiddenNote")}</p>
            ) : null}
          </li>
        ))}
      </ol>
      <p>{t("standards.changes")}</p>
      <p>
        <Link className="text-brand-700 underline" to={`/${locale}/rejected`}>
          {t("standards.rejectedLink")}
        </Link>
      </p>
    </div>
  );
}
