import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicationCard } from "~/components/publication-card.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getTotals } from "~/models/counts.server.ts";
import { collectsSignatures, kindForSegment, listPublications, toCard } from "~/models/publication.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const kind = kindForSegment(params.kind);
  if (!kind) throw new Response("Not Found", { status: 404 });
  const items = await listPublications({ kind });
  const totals = await getTotals(items.filter(collectsSignatures).map((item) => item.id));
  return json({
    locale,
    kind,
    title: serverT(locale)(`kindPlural.${kind}`),
    description: serverT(locale, "phone")(`description.${kind}`),
    items: items.map((item) => toCard(item, locale, totals)),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.title} — Дауыс` }, { name: "description", content: data.description }]
    : [{ title: "Дауыс" }];

export default function PublicationList() {
  const { locale, title, items } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">{title}</h1>
      {items.length ? (
        <div className="grid gap-4 sm:grid-cols-2">
          {items.map((item) => (
            <PublicationCard key={item.slug} locale={locale} item={item} level={2} />
          ))}
        </div>
      ) : (
        <p>{t("list.empty")}</p>
      )}
    </div>
  );
}
