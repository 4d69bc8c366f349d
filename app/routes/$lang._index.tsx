import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicationCard } from "~/components/publication-card.tsx";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getTotals } from "~/models/counts.server.ts";
import { collectsSignatures, listPublications, toCard } from "~/models/publication.server.ts";

export async function loader({ params }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const all = await listPublications({ take: 60 });
  const totals = await getTotals(all.filter(collectsSignatures).map((item) => item.id));
  const cards = all.map((item) => toCard(item, locale, totals));
  return json({
    locale,
    title: serverT(locale)("home.title"),
    description: serverT(locale)("home.intro"),
    openPetitions: cards.filter((card) => card.kind === "petition" && card.status === "open"),
    statements: cards.filter((card) => card.kind === "statement"),
    reports: cards.filter((card) => card.kind === "report"),
    closedPetitions: cards.filter((card) => card.kind === "petition" && card.status !== "open"),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data ? [{ title: data.title }, { name: "description", content: data.description }] : [{ title: "Дауыс" }];

export default function Home() {
  const data = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const sections = [
    { id: "open", title: t("home.openPetitions"), items: data.openPetitions, empty: t("home.noneOpen") },
    { id: "statements", title: t("home.statements"), items: data.statements },
    { id: "reports", title: t("home.reports"), items: data.reports },
    { id: "closed", title: t("home.closedPetitions"), items: data.closedPetitions },
  ];
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-bold sm:text-3xl">{t("site.tagline")}</h1>
        <p className="mt-2 max-w-3xl text-slate-800">{t("home.intro")}</p>
      </div>
      {sections.map((section) =>
        section.items.length || section.empty ? (
          <section key={section.id} aria-labelledby={`home-${section.id}`}>
            <h2 id={`home-${section.id}`} className="mb-3 text-xl font-bold">
              {section.title}
            </h2>
            {section.items.length ? (
              <div className="grid gap-4 sm:grid-cols-2">
                {section.items.map((item) => (
                  <PublicationCard key={item.slug} locale={data.locale} item={item} />
                ))}
              </div>
            ) : (
              <p className="text-slate-700">{section.empty}</p>
            )}
          </section>
        ) : null,
      )}
    </div>
  );
}
