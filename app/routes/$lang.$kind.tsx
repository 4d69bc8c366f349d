import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { PublicationCard } from "~/components/publication-card.tsx";
import { isRegionCode, regionOptions } from "~/data/regions.ts";
import { serverT } from "~/i18n.server.ts";
import { requireLocale } from "~/i18n.ts";
import { getTotals } from "~/models/counts.server.ts";
import { collectsSignatures, kindForSegment, listPublications, toCard } from "~/models/publication.server.ts";

// ?region=KZ-55&sort=popular: a plain GET form, so finding works without JavaScript.
const listFilter = z.object({
  region: z
    .string()
    .refine((value) => value === "" || isRegionCode(value))
    .default(""),
  sort: z.enum(["newest", "popular"]).default("newest"),
});

export async function loader({ params, request }: LoaderFunctionArgs) {
  const locale = requireLocale(params);
  const kind = kindForSegment(params.kind);
  if (!kind) throw new Response("Not Found", { status: 404 });
  const filter = listFilter.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!filter.success) throw new Response("Bad Request", { status: 400 });
  const { region, sort } = filter.data;
  const items = await listPublications({ kind, region: region || undefined });
  const totals = await getTotals(items.filter(collectsSignatures).map((item) => item.id));
  const cards = items.map((item) => toCard(item, locale, totals));
  // Most confirmed signatures first; publications that collect none (reports) after them.
  if (sort === "popular") cards.sort((a, b) => (b.confirmed ?? -1) - (a.confirmed ?? -1));
  return json({
    locale,
    kind,
    title: serverT(locale)(`kindPlural.${kind}`),
    description: serverT(locale, "phone")(`description.${kind}`),
    region,
    sort,
    collects: kind !== "report",
    items: cards,
  });
}

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? [{ title: `${data.title} — Дауыс` }, { name: "description", content: data.description }]
    : [{ title: "Дауыс" }];

export default function PublicationList() {
  const { locale, title, items, region, sort, collects } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const { t: ts } = useTranslation("share");
  return (
    <div>
      <h1 className="mb-4 text-2xl font-bold">{title}</h1>
      <Form
        method="get"
        className="card mb-4 grid gap-3 sm:grid-cols-[1fr_1fr_auto] sm:items-end"
        aria-label={ts("filterHeading")}
      >
        <div>
          <label htmlFor="list-region" className="field-label">
            {ts("regionFilter")}
          </label>
          <select id="list-region" name="region" defaultValue={region} className="field-input">
            <option value="">{ts("allRegions")}</option>
            {regionOptions(locale).map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </select>
        </div>
        {collects ? (
          <div>
            <label htmlFor="list-sort" className="field-label">
              {ts("sortLabel")}
            </label>
            <select id="list-sort" name="sort" defaultValue={sort} className="field-input">
              <option value="newest">{ts("sortNewest")}</option>
              <option value="popular">{ts("sortPopular")}</option>
            </select>
          </div>
        ) : null}
        <button type="submit" className="btn-primary">
          {ts("apply")}
        </button>
      </Form>
      <p className="mb-3 text-sm text-slate-700" role="status">
        {ts("shown", { count: items.length })}
      </p>
      {items.length ? (
        <div className="grid gap-4 sm:grid-cols-2">
          {items.map((item) => (
            <PublicationCard key={item.slug} locale={locale} item={item} level={2} />
          ))}
        </div>
      ) : (
        <p>{region ? ts("noMatches") : t("list.empty")}</p>
      )}
    </div>
  );
}
