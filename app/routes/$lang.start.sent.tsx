import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { ttlDays } from "~/services/signing.server.ts";

export const handle = { hydrate: false };

// The same page whatever happened to the address: it never says whether a mail went out.
export function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  return json({ locale, pageTitle: serverT(locale, "citizen")("sent.title"), days: ttlDays() });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.pageTitle} — Дауыс` : "Дауыс" },
  { name: "robots", content: "noindex" },
];

export default function Sent() {
  const { days } = useLoaderData<typeof loader>();
  const { t } = useTranslation("citizen");
  return (
    <div className="mx-auto max-w-xl">
      <div className="card space-y-3" data-testid="start-sent">
        <h1 className="text-2xl font-bold">{t("sent.title")}</h1>
        <p>{t("sent.body", { count: days })}</p>
        <p className="text-sm text-slate-700">{t("sent.spam")}</p>
      </div>
    </div>
  );
}
