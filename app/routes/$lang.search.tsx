import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { PublicationCard } from "~/components/publication-card.tsx";
import { db } from "~/db.server.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getTotals } from "~/models/counts.server.ts";
import { collectsSignatures, publicStatuses, toCard } from "~/models/publication.server.ts";
import { searchPublications } from "~/models/search.server.ts";

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const q = (new URL(request.url).searchParams.get("q") ?? "").slice(0, 200);
  const ids = q.trim() ? await searchPublications(q) : [];
  const rows = ids.length
    ? await db().publication.findMany({
        where: { id: { in: ids }, status: { in: [...publicStatuses] } },
        select: {
          id: true,
          slug: true,
          kind: true,
          endorsable: true,
          status: true,
          titleKk: true,
          titleRu: true,
          summaryKk: true,
          summaryRu: true,
          goal: true,
          deadline: true,
          publishedAt: true,
          closedAt: true,
          organization: { select: { nameKk: true, nameRu: true } },
        },
      })
    : [];
  const order = new Map(ids.map((id, index) => [id, index]));
  rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  const totals = await getTotals(rows.filter(collectsSignatures).map((row) => row.id));
  return json({
    locale,
    q,
    searched: Boolean(q.trim()),
    results: rows.map((row) => toCard(row, locale, totals)),
    pageTitle: serverT(locale)("search.title"),
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.q ? `${data.q} — ` : ""}${data.pageTitle} — Дауыс` : "Дауыс" },
];

export default function Search() {
  const { locale, q, searched, results } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold">{t("search.title")}</h1>
      <Form method="get" role="search" className="flex flex-wrap gap-2">
        <label htmlFor="search-q" className="sr-only">
          {t("search.label")}
        </label>
        <input
          id="search-q"
          name="q"
          type="search"
          defaultValue={q}
          placeholder={t("search.label")}
          className="field-input mt-0 max-w-md flex-1"
        />
        <button type="submit" className="btn-primary">
          {t("search.submit")}
        </button>
      </Form>
      <p className="text-sm text-slate-700">{t("search.hint")}</p>
      {searched ? (
        <section aria-live="polite">
          {/* A heading, so the cards' h3 titles follow an h2 (axe heading-order). */}
          <h2 className="mb-3 text-base font-semibold" data-testid="search-count">
            {results.length ? t("search.results", { count: results.length }) : t("search.none")}
          </h2>
          <div className="grid gap-4 sm:grid-cols-2">
            {results.map((item) => (
              <PublicationCard key={item.slug} locale={locale} item={item} level={2} />
            ))}
          </div>
        </section>
      ) : null}
    </div>
  );
}
