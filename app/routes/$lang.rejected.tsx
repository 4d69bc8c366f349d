import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { formatDate } from "~/lib/format.ts";
import { rejectedPetitions } from "~/models/citizen.server.ts";

// Rejected citizen petitions are public (title, reason, date), so that moderation can be checked;
// where the reason is the harm itself (defamation, personal data, hate), the words stay hidden.
export const handle = { hydrate: false };

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const items = await rejectedPetitions();
  return json(
    {
      locale,
      pageTitle: serverT(locale, "citizen")("rejected.title"),
      items: items.map((item) => ({
        slug: item.slug,
        reason: item.reason,
        rejectedAt: item.rejectedAt,
        title: item.title ? item.title[locale] : null,
        summary: item.summary ? item.summary[locale] : null,
        note: item.note,
        duplicateOf: item.duplicateOf ? { slug: item.duplicateOf.slug, title: item.duplicateOf.title[locale] } : null,
      })),
    },
    { headers: { "Cache-Control": "public, max-age=60" } },
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function Rejected() {
  const { locale, items } = useLoaderData<typeof loader>();
  const { t } = useTranslation("citizen");
  return (
    <div className="mx-auto max-w-2xl space-y-4">
      <h1 className="text-2xl font-bold">{t("rejected.title")}</h1>
      <p>
        {t("rejected.intro")}{" "}
        <Link className="text-brand-700 underline" to={`/${locale}/standards`}>
          {t("start.standardsLink")}
        </Link>
      </p>
      {items.length === 0 ? <p>{t("rejected.none")}</p> : null}
      <ul className="space-y-3" data-testid="rejected-list">
        {items.map((item) => (
          <li key={item.slug} className="card space-y-1" data-slug={item.slug} data-reason={item.reason}>
            <h2 className="font-bold">
              {item.title ?? <span className="italic text-slate-700">{t("rejected.hiddenTitle")}</span>}
            </h2>
            {item.summary ? <p>{item.summary}</p> : null}
            <p className="text-sm">
              <strong>{t("rejected.reason")}</strong>{" "}
              <Link className="text-brand-700 underline" to={`/${locale}/standards#${item.reason}`}>
                {t(`reasons.${item.reason}.title`)}
              </Link>{" "}
              · <time dateTime={item.rejectedAt}>{formatDate(locale, item.rejectedAt)}</time>
            </p>
            {item.note ? <p className="text-sm text-slate-800">{item.note}</p> : null}
            {item.duplicateOf ? (
              <p className="text-sm">
                {t("rejected.duplicateOf")}{" "}
                <Link className="text-brand-700 underline" to={`/${locale}/p/${item.duplicateOf.slug}`}>
                  {item.duplicateOf.title}
                </Link>
              </p>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
